package dev.selfsup.vision.augment;

import dev.selfsup.api.Augmentation;
import dev.selfsup.api.AugmentationProvider;
import dev.selfsup.api.Image;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageAugmentationsTest {

    static Stream<AugmentationProvider> providers() {
        return Stream.of(new RandomShiftProvider(), new RandomResizedCropProvider(), new HorizontalFlipProvider(),
                new ColorJitterProvider(), new GaussianBlurProvider(), new SolarizeProvider(),
                new RandomErasingProvider());
    }

    static Augmentation create(AugmentationProvider provider, Map<String, Object> keys) {
        List<RecipeProblem> problems = new ArrayList<>();
        Settings settings = provider.schema().validate(Settings.of(keys), problems);
        assertEquals(List.of(), problems);
        return provider.create(settings);
    }

    /** A 2-channel 12x10 image with distinct values in [0, 1]. */
    static Image gradient() {
        float[] p = new float[2 * 12 * 10];
        Random random = new Random(3);
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextFloat();
        }
        return new Image(2, 12, 10, p);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void keepsShapeRangeAndLabelIsReproducibleAndLeavesItsInputAlone(AugmentationProvider provider) {
        Augmentation augmentation = create(provider, Map.of("probability", 1.0));
        Sample sample = Sample.labelled(Sample.IMAGE, gradient(), 4);
        Set<String> outputs = new HashSet<>();
        for (int seed = 0; seed < 40; seed++) {
            Sample out = augmentation.apply(sample, new Random(seed));
            Image image = out.get(Sample.IMAGE, Image.class);
            assertEquals(2, image.channels());
            assertEquals(12, image.height());
            assertEquals(10, image.width());
            for (float v : image.pixels()) {
                assertTrue(v >= 0 && v <= 1, provider.name() + " left [0, 1]: " + v);
            }
            assertEquals(4, out.label().getAsInt());
            assertArrayEquals(image.pixels(),
                    augmentation.apply(sample, new Random(seed)).get(Sample.IMAGE, Image.class).pixels(),
                    provider.name() + " is not a function of its stream");
            outputs.add(Arrays.toString(image.pixels()));
        }
        assertArrayEquals(gradient().pixels(), sample.get(Sample.IMAGE, Image.class).pixels(), "input untouched");
        int expected = provider.name().equals("horizontal_flip") || provider.name().equals("solarize") ? 1 : 10;
        assertTrue(outputs.size() >= expected, provider.name() + " gave " + outputs.size() + " distinct outputs");
        assertFalse(outputs.contains(Arrays.toString(gradient().pixels())) && expected == 1,
                provider.name() + " did nothing");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void probabilityZeroLeavesTheSampleAsItIs(AugmentationProvider provider) {
        Sample sample = Sample.labelled(Sample.IMAGE, gradient(), 1);
        assertArrayEquals(gradient().pixels(), create(provider, Map.of("probability", 0.0))
                .apply(sample, new Random(1)).get(Sample.IMAGE, Image.class).pixels());
    }

    @Test
    void probabilityIsTheShareOfViewsTransformed() {
        Augmentation flip = create(new HorizontalFlipProvider(), Map.of("probability", 0.3));
        Sample sample = Sample.unlabelled(Sample.IMAGE, gradient());
        int flipped = 0; // the framework's streams are well mixed; consecutive java.util.Random seeds are not
        for (int seed = 0; seed < 2000; seed++) {
            if (!Arrays.equals(gradient().pixels(),
                    flip.apply(sample, new Random(new java.util.SplittableRandom(seed).nextLong()))
                            .get(Sample.IMAGE, Image.class).pixels())) {
                flipped++;
            }
        }
        assertEquals(600, flipped, 60);
    }

    @Test
    void flipMirrorsEachRow() {
        Image image = new Image(1, 2, 3, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f});
        assertArrayEquals(new float[] {0.3f, 0.2f, 0.1f, 0.6f, 0.5f, 0.4f},
                new HorizontalFlip().apply(image, new Random(0)).pixels());
    }

    @Test
    void solarizeInvertsOnlyAtOrAboveTheThreshold() {
        Image image = new Image(1, 1, 4, new float[] {0.1f, 0.5f, 0.75f, 1f});
        assertArrayEquals(new float[] {0.1f, 0.5f, 0.25f, 0f}, new Solarize(0.5).apply(image, new Random(0)).pixels());
    }

    @Test
    void theWholeImageCroppedAndResizedIsTheImage() {
        Image image = gradient();
        assertArrayEquals(image.pixels(), RandomResizedCrop.resize(image, 0, 0, 12, 10).pixels(), 1e-6f);
        // a 2x2 region scaled up keeps its corner values and interpolates between them
        Image up = RandomResizedCrop.resize(new Image(1, 4, 4, new float[] {0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0}), 0, 0, 2, 2);
        assertEquals(0f, up.pixel(0, 0, 0), 1e-6f);
        assertEquals(1f, up.pixel(0, 3, 3), 1e-6f);
        assertEquals(0.5f, up.pixel(0, 0, 2), 0.26f);
    }

    @Test
    void blurKeepsAConstantImageAndSmoothsAnImpulse() {
        float[] flat = new float[25];
        Arrays.fill(flat, 0.4f);
        assertArrayEquals(flat, new GaussianBlur(3, new double[] {1, 1}).apply(new Image(1, 5, 5, flat),
                new Random(0)).pixels(), 1e-6f);
        float[] impulse = new float[25];
        impulse[12] = 1;
        Image blurred = new GaussianBlur(3, new double[] {1, 1}).apply(new Image(1, 5, 5, impulse), new Random(0));
        double g = Math.exp(-0.5);
        double centre = 1 / ((1 + 2 * g) * (1 + 2 * g));
        assertEquals(centre, blurred.pixel(0, 2, 2), 1e-6);
        assertEquals(centre * g, blurred.pixel(0, 2, 3), 1e-6);
        assertEquals(0, blurred.pixel(0, 0, 0), 1e-6);
        assertEquals(1, GaussianBlur.reflect(-1, 5));
        assertEquals(3, GaussianBlur.reflect(5, 5));
    }

    @Test
    void erasingFillsOneRectangleWithTheValue() {
        Augmentation erase = create(new RandomErasingProvider(), Map.of("probability", 1.0, "value", 0.0,
                "min_scale", 0.2, "max_scale", 0.2));
        float[] ones = new float[100];
        Arrays.fill(ones, 1f);
        float[] out = erase.apply(Sample.unlabelled(Sample.IMAGE, new Image(1, 10, 10, ones)), new Random(2))
                .get(Sample.IMAGE, Image.class).pixels();
        int zeros = 0;
        for (float v : out) {
            zeros += v == 0 ? 1 : 0;
        }
        assertEquals(20, zeros, 6);
    }

    @Test
    void anEmptyRangeIsARecipeError() {
        List<RecipeProblem> problems = new ArrayList<>();
        RandomResizedCropProvider provider = new RandomResizedCropProvider();
        Settings settings = provider.schema().validate(Settings.of(Map.of("min_scale", 0.9, "max_scale", 0.5)),
                problems);
        RecipeException e = assertThrows(RecipeException.class, () -> provider.create(settings));
        assertTrue(e.getMessage().contains("min_scale 0.9 is above max_scale 0.5"), e.getMessage());
        Settings even = new GaussianBlurProvider().schema().validate(Settings.of(Map.of("kernel", 4)), problems);
        assertThrows(RecipeException.class, () -> new GaussianBlurProvider().create(even));
    }
}
