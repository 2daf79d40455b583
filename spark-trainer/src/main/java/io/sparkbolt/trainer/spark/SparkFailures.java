package io.sparkbolt.trainer.spark;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.device.MemoryFailures;
import io.sparkbolt.trainer.strategy.Round;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a failed Spark job into the one-line error the user needs, instead of Spark's stack trace. */
public final class SparkFailures {
    private static final Pattern USER_ERROR = Pattern.compile(SparkboltException.class.getName() + ": (.*)");

    private SparkFailures() {
    }

    /** The user-facing error of a failed round's Spark job. */
    public static RuntimeException explain(Exception failure, Round round) {
        return explain(failure, "the Spark job of a " + round.split().prefix() + " round (epoch " + round.epoch()
                + ", batch " + round.firstBatch() + ")");
    }

    /**
     * The user-facing error of a failed Spark job: the Sparkbolt error a task threw, else the
     * first line of Spark's message; running out of memory is named as such with the setting to
     * raise; an exception a task threw that is neither (a bug) becomes a {@link TaskFailure} naming
     * its class and message. {@code job} names what failed, e.g. {@code the data pass over 4 shards}.
     */
    public static RuntimeException explain(Exception failure, String job) {
        Optional<SparkboltException> memory = MemoryFailures.explain(failure, "an executor (" + job + ")");
        if (memory.isPresent()) {
            return memory.get();
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SparkboltException user) {
                return new SparkboltException(user.getMessage(), failure);
            }
        }
        String message = String.valueOf(failure.getMessage());
        Matcher user = USER_ERROR.matcher(message);
        if (user.find()) {
            return new SparkboltException(user.group(1).trim(), failure);
        }
        Optional<Throwable> thrownInTask = thrownInTask(failure);
        if (thrownInTask.isPresent()) {
            return new TaskFailure(job + " failed in a task: " + thrownInTask.get(), failure);
        }
        String firstLine = message.lines().findFirst().orElse(failure.getClass().getSimpleName());
        return new SparkboltException(job + " failed: " + firstLine, failure);
    }

    /**
     * The exception a task threw, when Spark passed it on as the job failure's cause (it does for
     * exceptions it could serialise): the first cause that is not Spark's own.
     */
    private static Optional<Throwable> thrownInTask(Exception failure) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (!cause.getClass().getName().startsWith("org.apache.spark.")) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }
}
