package dev.selfsup.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.EncoderPreparation;
import dev.selfsup.api.EncoderProvider;
import dev.selfsup.api.Image;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.vision.encoder.VitEncoderProvider;
import org.pf4j.Extension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test encoder prepared from the data: {@code standardised_vit} is the ViT with its input standardised by the
 * mean and standard deviation of every training pixel, which {@link #prepare} measures and writes to
 * {@code pixels.txt}. It exercises the API's preparation contract end to end.
 */
@Extension
public final class StandardisedVitProvider implements EncoderProvider, EncoderPreparation {

    /** How often {@link #prepare} ran in this JVM. */
    static final AtomicInteger PREPARATIONS = new AtomicInteger();

    private final VitEncoderProvider vit = new VitEncoderProvider();

    @Override
    public String name() {
        return "standardised_vit";
    }

    @Override
    public String description() {
        return "test: the vit encoder on pixels standardised by training-set statistics";
    }

    @Override
    public SettingsSchema schema() {
        return vit.schema();
    }

    @Override
    public Encoder create(Settings settings) {
        throw new UnsupportedOperationException("standardised_vit is built from its prepared statistics");
    }

    @Override
    public Optional<EncoderPreparation> preparation() {
        return Optional.of(this);
    }

    @Override
    public void prepare(Settings settings, SampleSource train, Path artifacts) throws IOException {
        PREPARATIONS.incrementAndGet();
        double sum = 0;
        double squares = 0;
        long count = 0;
        for (int i = 0; i < train.size(); i++) {
            Image image = train.get(i).get(Sample.IMAGE, Image.class);
            for (float v : image.pixels()) {
                sum += v;
                squares += (double) v * v;
                count++;
            }
        }
        double mean = sum / count;
        double std = Math.sqrt(Math.max(squares / count - mean * mean, 1e-12));
        Files.writeString(artifacts.resolve("pixels.txt"), mean + " " + std + "\n");
    }

    @Override
    public Encoder create(Settings settings, Path artifacts) throws IOException {
        String[] stats = Files.readString(artifacts.resolve("pixels.txt")).trim().split(" ");
        return new Standardised(vit.create(settings), Float.parseFloat(stats[0]), Float.parseFloat(stats[1]));
    }

    /** The ViT behind a standardising collation; its capabilities are the ViT's. */
    private record Standardised(Encoder inner, float mean, float std) implements Encoder {
        @Override
        public String modality() {
            return inner.modality();
        }

        @Override
        public Block block() {
            return inner.block();
        }

        @Override
        public <T> Optional<T> capability(Class<T> capability) {
            return inner.capability(capability);
        }

        @Override
        public Shape[] inputShapes(int batchSize) {
            return inner.inputShapes(batchSize);
        }

        @Override
        public int embeddingDim() {
            return inner.embeddingDim();
        }

        @Override
        public NDList collate(List<Sample> samples, NDManager manager) {
            NDArray images = inner.collate(samples, manager).head();
            return new NDList(images.sub(mean).div(std));
        }

        @Override
        public float[] rawFeatures(Sample sample) {
            return inner.rawFeatures(sample);
        }

        @Override
        public Settings settings() {
            return inner.settings();
        }

        @Override
        public Sample readFile(Path file) throws IOException {
            return inner.readFile(file);
        }
    }
}
