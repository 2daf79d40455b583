package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.api.Internal;
import io.sparkbolt.trainer.api.ModuleHooks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one place every hook call goes through: callbacks first, in {@link CallbackOrder} (ordinary,
 * monitoring, checkpointing; the given order within each), then the module's hook of the same
 * name, each call timed into {@link HookTimings}. An epoch's end goes through {@link #callEpochEnd}
 * instead, which publishes the epoch's metrics before the callbacks that monitor them.
 */
@Internal
public final class HookDispatcher {
    private final List<Callback> callbacks;
    private final ModuleHooks module;
    private final HookTimings timings = new HookTimings();

    public HookDispatcher(List<? extends Callback> callbacks, ModuleHooks module) {
        List<Callback> ordered = new ArrayList<>(callbacks);
        ordered.sort(Comparator.comparing(Callback::order));
        this.callbacks = List.copyOf(ordered);
        this.module = module;
    }

    /** Calls {@code hook} on every callback, then on the module. */
    public void call(Hook hook, Consumer<Callback> onCallback, Consumer<ModuleHooks> onModule) {
        long start = System.nanoTime();
        try {
            for (Callback callback : callbacks) {
                onCallback.accept(callback);
            }
            if (onModule != null) {
                onModule.accept(module);
            }
        } finally {
            timings.record(hook, System.nanoTime() - start);
        }
    }

    /**
     * Calls an epoch-end hook in Lightning's {@code fit_loop} order: the ordinary callbacks, the
     * module, then {@code publish} (the epoch's metrics reach {@code callbackMetrics} and the
     * loggers), then the monitoring and checkpointing callbacks, so they see what the module logged
     * in its hook and the epoch's aggregates.
     */
    public void callEpochEnd(Hook hook, Consumer<Callback> onCallback, Consumer<ModuleHooks> onModule, Runnable publish) {
        long start = System.nanoTime();
        try {
            for (Callback callback : callbacks) {
                if (!callback.order().monitors()) {
                    onCallback.accept(callback);
                }
            }
            onModule.accept(module);
            publish.run();
            for (Callback callback : callbacks) {
                if (callback.order().monitors()) {
                    onCallback.accept(callback);
                }
            }
        } finally {
            timings.record(hook, System.nanoTime() - start);
        }
    }

    /** Calls a hook that only callbacks have. */
    public void callbacks(Hook hook, Consumer<Callback> onCallback) {
        call(hook, onCallback, null);
    }

    /** Calls a hook that only the module has here (batch hooks on a worker). */
    public void module(Hook hook, Consumer<ModuleHooks> onModule) {
        long start = System.nanoTime();
        try {
            onModule.accept(module);
        } finally {
            timings.record(hook, System.nanoTime() - start);
        }
    }

    /** The callbacks in the order they are called. */
    public List<Callback> callbackList() {
        return callbacks;
    }

    public HookTimings timings() {
        return timings;
    }
}
