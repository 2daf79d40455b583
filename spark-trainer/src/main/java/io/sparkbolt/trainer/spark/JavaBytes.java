package io.sparkbolt.trainer.spark;

import io.sparkbolt.trainer.api.SparkboltException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * Java serialisation of what the driver ships inside a broadcast as bytes (a module, to be
 * deserialised once per executor JVM). Classes resolve through the thread's context class loader,
 * which in a Spark task sees the application's jars ({@code spark.jars}, {@code --jars}); a plain
 * {@link ObjectInputStream} would look only where Sparkbolt itself was loaded from.
 */
public final class JavaBytes {
    private JavaBytes() {
    }

    /** The object's Java serialisation. */
    public static byte[] serialize(Serializable value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new SparkboltException(value.getClass().getName() + " cannot be sent to executors: " + e.getMessage()
                    + " (make its fields Serializable or transient)", e);
        }
        return bytes.toByteArray();
    }

    /** Reads back what {@link #serialize} wrote; {@code what} names it in the error. */
    public static <T> T deserialize(byte[] bytes, Class<T> type, String what) {
        try (ObjectInputStream in = new ContextObjectInputStream(new ByteArrayInputStream(bytes))) {
            return type.cast(in.readObject());
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot deserialise " + what + ": " + e
                    + (e instanceof ClassNotFoundException ? " (is the jar holding it in --jars or spark.jars?)" : ""), e);
        }
    }

    /** Resolves classes through the context class loader first. */
    private static final class ContextObjectInputStream extends ObjectInputStream {
        ContextObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
                try {
                    return Class.forName(desc.getName(), false, context);
                } catch (ClassNotFoundException e) {
                    // primitives and JDK-internal names: the default resolution below
                }
            }
            return super.resolveClass(desc);
        }
    }
}
