package io.sparkbolt.trainer.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a constructor parameter of a {@link LightningModule} or {@link DataModule}.
 *
 * <p>The name is the key of the value in YAML ({@code model.args.hidden}) and in the captured
 * hyper-parameters ({@code hparams.yaml}). A class built from YAML needs exactly one constructor
 * whose parameters all carry {@code @Arg}; the description written here is the one the command
 * line's help and config validation show.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Arg {
    /** The argument's name in configs and hyper-parameters. */
    String value();

    /** The value used when a config leaves the argument out, as YAML text; empty: the argument is required. */
    String defaultValue() default "";

    /** One line for the command line's help and the config docs. */
    String description() default "";
}
