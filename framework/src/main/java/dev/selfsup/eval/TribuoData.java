package dev.selfsup.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Converts float rows into Tribuo datasets with stable, zero-padded feature names. */
public final class TribuoData {

    private static final LabelFactory LABEL_FACTORY = new LabelFactory();

    private TribuoData() {
    }

    /**
     * Returns the feature names probes are trained with (and must be queried with).
     *
     * @param width the feature vector width
     * @return {@code f0000, f0001, ...}, padded so that lexical order equals numeric order
     */
    public static String[] featureNames(int width) {
        int digits = Math.max(4, String.valueOf(width - 1).length());
        String pattern = "f%0" + digits + "d";
        String[] names = new String[width];
        for (int j = 0; j < width; j++) {
            names[j] = String.format(Locale.ROOT, pattern, j);
        }
        return names;
    }

    /**
     * Wraps feature rows as examples to predict, with the feature names the models were trained with.
     *
     * @param rows feature rows (all of one width)
     * @return one example per row, labelled {@link Label#UNKNOWN}
     */
    public static List<Example<Label>> unlabelled(float[][] rows) {
        List<Example<Label>> examples = new ArrayList<>(rows.length);
        if (rows.length == 0) {
            return examples;
        }
        String[] names = featureNames(rows[0].length);
        for (float[] row : rows) {
            double[] values = new double[row.length];
            for (int j = 0; j < values.length; j++) {
                values[j] = row[j];
            }
            examples.add(new ArrayExample<>(new Label(Label.UNKNOWN), names, values));
        }
        return examples;
    }

    /**
     * Builds a training set.
     *
     * @param rows        feature rows (all of one width)
     * @param labels      class index per row
     * @param classNames  class names, indexed by label
     * @param description provenance description (representation, split, fraction)
     * @return a dataset whose provenance carries {@code description}
     */
    public static MutableDataset<Label> dataset(float[][] rows, int[] labels, List<String> classNames, String description) {
        String[] names = featureNames(rows[0].length);
        Label[] classLabels = classNames.stream().map(Label::new).toArray(Label[]::new);
        List<Example<Label>> examples = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            double[] values = new double[names.length];
            for (int j = 0; j < values.length; j++) {
                values[j] = rows[i][j];
            }
            examples.add(new ArrayExample<>(classLabels[labels[i]], names, values));
        }
        SimpleDataSourceProvenance provenance = new SimpleDataSourceProvenance(description, LABEL_FACTORY);
        return new MutableDataset<>(new ListDataSource<>(examples, LABEL_FACTORY, provenance));
    }
}
