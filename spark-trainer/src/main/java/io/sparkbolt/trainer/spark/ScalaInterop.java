package io.sparkbolt.trainer.spark;

import java.util.Iterator;
import java.util.List;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The one place Sparkbolt's Java code touches Scala's own types, the part of Spark's API that
 * differs between the Spark 3.5 (Scala 2.12) and Spark 4 (Scala 2.13) lines. Everything here
 * compiles and behaves the same on both today: {@code JavaConverters} is deprecated on 2.13 (in
 * favour of {@code scala.jdk.javaapi.CollectionConverters}, which 2.12 lacks) but present. When a
 * line drops or changes one of these, this class changes and its callers do not.
 */
public final class ScalaInterop {
    private ScalaInterop() {
    }

    /** A Scala sequence (Spark's plans, a row's array column) as a Java list view. */
    public static <T> List<T> toJavaList(scala.collection.Seq<T> seq) {
        return JavaConverters.seqAsJavaList(seq);
    }

    /** A Scala iterator (a partition, as Spark's Scala API hands it) as a Java one. */
    public static <T> Iterator<T> toJavaIterator(scala.collection.Iterator<T> iterator) {
        return JavaConverters.asJavaIterator(iterator);
    }

    /** A Java iterator as the Scala one Spark's Scala API takes back. */
    public static <T> scala.collection.Iterator<T> toScalaIterator(Iterator<T> iterator) {
        return JavaConverters.asScalaIterator(iterator);
    }

    /** The class tag Spark's Scala API asks for where Scala would infer it. */
    public static <T> ClassTag<T> classTag(Class<T> type) {
        return ClassTag$.MODULE$.apply(type);
    }

    /** Scala's {@code None}, for Spark methods with optional parameters. */
    public static <T> scala.Option<T> none() {
        return scala.Option.empty();
    }

    /** The Scala binary version of the library on the class path ({@code 2.12}, {@code 2.13}). */
    public static String binaryVersion() {
        String full = scala.util.Properties.versionNumberString();
        int second = full.indexOf('.', full.indexOf('.') + 1);
        return second < 0 ? full : full.substring(0, second);
    }
}
