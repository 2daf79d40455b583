/**
 * The Spark worker layer every executor strategy shares: {@link io.sparkbolt.trainer.workers.SparkWorkers}
 * places one worker per partition (cached, so Spark sends a worker back where its state is),
 * assigns shard i to worker i mod N, broadcasts the setup ({@link io.sparkbolt.trainer.workers.WorkerSetup}),
 * runs rounds on every worker ({@link io.sparkbolt.trainer.workers.WorkerTask}, with warm state in
 * {@link io.sparkbolt.trainer.workers.ExecutorCache} and the open-stream cursor in
 * {@link io.sparkbolt.trainer.workers.WorkerState}) and sums their results on the executors along a
 * fixed tree ({@link io.sparkbolt.trainer.workers.RoundReduction}, {@link io.sparkbolt.trainer.workers.RoundSum});
 * models travel as {@link io.sparkbolt.trainer.workers.PackedArray} bytes. Passes over the shards
 * ({@link io.sparkbolt.trainer.workers.ShardPass}) and the {@link io.sparkbolt.trainer.workers.ShardReader}
 * for strategies that train another way (gradient sharing) use the same assignment and streams.
 * Lockstep rounds ({@link io.sparkbolt.trainer.workers.LockstepTask}) run every worker at once in a
 * barrier stage ({@link io.sparkbolt.trainer.workers.BarrierStage}) and sum each step's gradient
 * through a strategy's {@link io.sparkbolt.trainer.workers.LockstepExchange} ({@code ddp}'s ring).
 * {@link io.sparkbolt.trainer.workers.TaskFaults} injects task failures in tests.
 *
 * <p>Internal: used by the strategies, not an API for user code.
 */
@Internal
package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.api.Internal;
