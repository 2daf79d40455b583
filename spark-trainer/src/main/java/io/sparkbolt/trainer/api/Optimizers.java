package io.sparkbolt.trainer.api;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * The optimiser a {@link LightningModule} trains with: a DL4J updater and an optional
 * learning-rate schedule that advances per optimiser step or per epoch.
 *
 * <pre>{@code Optimizers.adam(1e-3).stepDecay(0.5, 2, Interval.EPOCH)}</pre>
 *
 * The Trainer applies it to every layer of the network, replacing the updaters in the network
 * configuration.
 */
public final class Optimizers implements Serializable {
    private final IUpdater updater;

    private Optimizers(IUpdater updater) {
        this.updater = updater;
    }

    /** Any DL4J updater ({@code new Adam(1e-3)}, {@code new RmsProp(...)}, ...). */
    public static Optimizers of(IUpdater updater) {
        if (updater == null) {
            throw new IllegalArgumentException("the updater must not be null");
        }
        return new Optimizers(updater.clone());
    }

    /** Adam with the given learning rate. */
    public static Optimizers adam(double lr) {
        return of(new Adam(lr));
    }

    /** Plain stochastic gradient descent. */
    public static Optimizers sgd(double lr) {
        return of(new Sgd(lr));
    }

    /** SGD with Nesterov momentum. */
    public static Optimizers nesterov(double lr, double momentum) {
        return of(new Nesterovs(lr, momentum));
    }

    /** Uses a DL4J learning-rate schedule (its {@link org.nd4j.linalg.schedule.ScheduleType} sets the interval). */
    public Optimizers schedule(ISchedule schedule) {
        IUpdater copy = updater.clone();
        copy.setLrAndSchedule(Double.NaN, schedule);
        return new Optimizers(copy);
    }

    /** Multiplies the learning rate by {@code factor} every {@code every} steps or epochs. */
    public Optimizers stepDecay(double factor, int every, Interval interval) {
        return schedule(new StepSchedule(interval.scheduleType(), initialLr(), factor, every));
    }

    /** Multiplies the learning rate by {@code gamma} after every step or epoch. */
    public Optimizers exponentialDecay(double gamma, Interval interval) {
        return schedule(new ExponentialSchedule(interval.scheduleType(), initialLr(), gamma));
    }

    /** Sets the learning rate at given steps or epochs ({@code 0} should be present). */
    public Optimizers piecewise(Map<Integer, Double> lrAt, Interval interval) {
        return schedule(new MapSchedule(interval.scheduleType(), new TreeMap<>(lrAt)));
    }

    /** A fresh copy of the updater configuration. */
    public IUpdater updater() {
        return updater.clone();
    }

    private double initialLr() {
        if (!updater.hasLearningRate()) {
            throw new IllegalStateException(updater.getClass().getSimpleName() + " has no learning rate to schedule");
        }
        return updater.getLearningRate(0, 0);
    }

    @Override
    public String toString() {
        return updater.toString();
    }
}
