package io.sparkbolt.trainer.api;

import org.nd4j.linalg.schedule.ScheduleType;

/** When a learning-rate schedule advances: after every optimiser step or after every epoch. */
public enum Interval {
    STEP(ScheduleType.ITERATION), EPOCH(ScheduleType.EPOCH);

    private final ScheduleType scheduleType;

    Interval(ScheduleType scheduleType) {
        this.scheduleType = scheduleType;
    }

    /** The DL4J schedule type with the same meaning. */
    public ScheduleType scheduleType() {
        return scheduleType;
    }
}
