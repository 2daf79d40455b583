/**
 * Devices and precision: the Trainer's {@code accelerator}, {@code devices} and {@code precision}
 * ({@link io.sparkbolt.trainer.device.DeviceSettings}) checked against the ND4J backend each JVM
 * really runs ({@link io.sparkbolt.trainer.device.Backend}); each Spark task pinned to the GPU
 * Spark's resource scheduling assigned it ({@link io.sparkbolt.trainer.device.TaskDevice}) and, on
 * CPUs, given ND4J threads for the cores it has ({@link io.sparkbolt.trainer.device.Nd4jThreads}); the
 * driver's look at every executor's backend and devices before training
 * ({@link io.sparkbolt.trainer.device.ExecutorDevices}); and out-of-memory failures off the heap
 * or on the GPU explained with the setting to raise ({@link io.sparkbolt.trainer.device.MemoryFailures}).
 */
package io.sparkbolt.trainer.device;
