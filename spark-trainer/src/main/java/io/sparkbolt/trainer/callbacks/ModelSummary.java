package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.network.Network;
import java.io.PrintStream;

/**
 * Prints a table of the network's layers (name, type, shape, parameters) when a fit starts, with
 * trainable, frozen and total counts and the memory the parameters and the optimiser state take,
 * as Lightning's model summary does.
 */
public final class ModelSummary implements Callback {
    private final PrintStream out;

    public ModelSummary() {
        this(System.out);
    }

    public ModelSummary(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onFitStart(Trainer trainer, LightningModule module) {
        out.print(table(trainer.network()));
    }

    /** The summary table of {@code network}. */
    public static String table(Network network) {
        StringBuilder table = new StringBuilder();
        table.append(String.format("  | %-12s | %-20s | %-14s | %s%n", "Name", "Type", "Shape", "Params"));
        table.append("-".repeat(64)).append('\n');
        int index = 0;
        long total = 0;
        long frozen = 0;
        for (Network.LayerRow row : network.layers()) {
            table.append(String.format("%d | %-12s | %-20s | %-14s | %s%n", index++, row.name(), row.type(), row.shape(),
                    human(row.params())));
            total += row.params();
            if (row.type().startsWith("Frozen")) {
                frozen += row.params();
            }
        }
        table.append("-".repeat(64)).append('\n');
        int width = network.params().dataType().width();
        table.append(String.format("%-10s Trainable params%n", human(total - frozen)));
        table.append(String.format("%-10s Non-trainable params%n", human(frozen)));
        table.append(String.format("%-10s Total params%n", human(total)));
        table.append(String.format("%-10.3f Total estimated model params size (MB)%n", total * width / 1e6));
        // The optimiser's moments live beside the parameters on every worker: part of what a device must hold.
        table.append(String.format("%-10.3f Optimizer state size (MB)%n", network.updaterState().length() * width / 1e6));
        return table.toString();
    }

    private static String human(long count) {
        if (count >= 1_000_000) {
            return String.format("%.1f M", count / 1e6);
        }
        if (count >= 1_000) {
            return String.format("%.1f K", count / 1e3);
        }
        return Long.toString(count);
    }
}
