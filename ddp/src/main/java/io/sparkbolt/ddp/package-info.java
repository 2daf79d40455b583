/**
 * {@code ddp}: synchronous all-reduce data parallelism in a Spark barrier stage. Ddp runs each
 * segment of training steps as one barrier stage over the workers (SparkWorkers' placement, data
 * and warm state); its tasks meet through BarrierTaskContext.allGather (RingExchange), connect in
 * an authenticated TCP ring (Ring, RingHandshake) and sum every step's gradient over it
 * (RingAllReduce, the GradientReducer the replicas step with), so the replicas stay identical.
 * RingCache keeps an executor's rings between segments, confirmed over the ring before reuse.
 * BarrierPlacement refuses clusters that cannot run the stage.
 */
package io.sparkbolt.ddp;
