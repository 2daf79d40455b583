/**
 * Benchmark programs run by benchmarks/run: each prints a dated markdown table for BENCHMARKS.md
 * and ends with a line of key=value pairs. ParityBenchmark compares the Trainer's local strategy
 * with a hand-written DL4J loop.
 */
package io.sparkbolt.bench;
