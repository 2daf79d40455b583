package io.sparkbolt.trainer.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a package (or a type in an API package) as Sparkbolt's internals: public only because
 * other Sparkbolt modules (the strategies) use it, not for user code, and free to change in any
 * release. The API is {@code api}, {@code callbacks}, {@code loggers}, {@code strategy}, {@code predict}, the
 * built-in {@code models} and data modules, and the {@code Trainer} with its builder and flags.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PACKAGE, ElementType.TYPE})
public @interface Internal {
}
