package dev.selfsup.nn.joint;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The momentum schedule and the EMA update against their formulas; the collapse monitor on known embeddings. */
class TeacherAndMonitorTest {

    @Test
    void cosineMomentumRisesFromBaseToEnd() {
        MomentumSchedule schedule = MomentumSchedule.cosine(0.99, 1.0);
        assertEquals(0.99, schedule.at(0, 101), 1e-12);
        assertEquals(1.0, schedule.at(100, 101), 1e-12);
        assertEquals(0.995, schedule.at(50, 101), 1e-12);
        // tau(k) = 1 - (1 - 0.99) (cos(pi k / K) + 1) / 2
        assertEquals(1 - 0.01 * (Math.cos(Math.PI * 0.25) + 1) / 2, schedule.at(25, 101), 1e-12);
        assertEquals(0.9, MomentumSchedule.constant(0.9).at(7, 10), 0);
        assertThrows(IllegalArgumentException.class, () -> MomentumSchedule.cosine(1.1, 1));
    }

    private static SequentialBlock head() {
        return ProjectionHead.builder().setHiddenDims(3).setOutputDim(2).build();
    }

    @Test
    void theTeacherMovesTowardsTheStudentByOneMinusTheMomentumAndKeepsItsOwnRunningStatistics() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock student = head();
            SequentialBlock teacher = head();
            student.initialize(manager, DataType.FLOAT32, new Shape(4, 5));
            teacher.initialize(manager, DataType.FLOAT32, new Shape(4, 5));
            EmaTeacher ema = new EmaTeacher(student, teacher);
            assertTrue(teacher.getParameters().values().stream().noneMatch(Parameter::requiresGradient),
                    "the teacher is frozen");
            ema.copyStudent();
            for (int i = 0; i < student.getParameters().size(); i++) {
                Pair<String, Parameter> s = student.getParameters().get(i);
                Parameter t = teacher.getParameters().get(i).getValue();
                if (s.getValue().getType() == Parameter.Type.RUNNING_VAR) {
                    t.getArray().set(new float[] {7, 7, 7}); // the teacher's own statistics
                    continue;
                }
                assertArrayEquals(s.getValue().getArray().toFloatArray(), t.getArray().toFloatArray(), s.getKey());
            }
            float[][] before = new float[teacher.getParameters().size()][];
            for (int i = 0; i < before.length; i++) {
                NDArray s = student.getParameters().get(i).getValue().getArray();
                before[i] = teacher.getParameters().get(i).getValue().getArray().toFloatArray();
                s.addi(1f); // the student moves
            }
            ema.update(0.9);
            for (int i = 0; i < before.length; i++) {
                Parameter s = student.getParameters().get(i).getValue();
                float[] t = teacher.getParameters().get(i).getValue().getArray().toFloatArray();
                float[] sv = s.getArray().toFloatArray();
                for (int j = 0; j < t.length; j++) {
                    float expected = s.getType() == Parameter.Type.RUNNING_MEAN
                            || s.getType() == Parameter.Type.RUNNING_VAR ? before[i][j]
                            : (float) (0.9 * before[i][j] + 0.1 * sv[j]);
                    assertEquals(expected, t[j], 1e-6, teacher.getParameters().get(i).getKey());
                }
            }
            SequentialBlock other = ProjectionHead.builder().setHiddenDims(3, 3).setOutputDim(2).build();
            other.initialize(manager, DataType.FLOAT32, new Shape(4, 5));
            assertThrows(IllegalArgumentException.class, () -> new EmaTeacher(student, other));
        }
    }

    @Test
    void theMonitorFlagsAConstantEncoderAndAOneDimensionalOneButNotSpreadEmbeddings() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray constant = manager.ones(new Shape(64, 16)).mul(0.3f);
            Map<String, NDArray> collapsed = CollapseMonitor.metrics(constant);
            assertEquals(0, collapsed.get(CollapseMonitor.STD_METRIC).getFloat(), 1e-4);
            assertEquals(0, collapsed.get(CollapseMonitor.RANK_METRIC).getFloat(), 1e-3);
            assertTrue(CollapseMonitor.warning(values(collapsed)).isPresent());

            Random random = new Random(5);
            float[] spread = new float[512 * 16];
            float[] line = new float[512 * 16];
            for (int i = 0; i < 512; i++) {
                double t = random.nextGaussian();
                for (int j = 0; j < 16; j++) {
                    spread[i * 16 + j] = (float) random.nextGaussian();
                    line[i * 16 + j] = (float) (j < 2 ? 1 + t : 1e-3 * random.nextGaussian());
                }
            }
            Map<String, NDArray> healthy = CollapseMonitor.metrics(manager.create(spread, new Shape(512, 16)));
            assertEquals(1.0, healthy.get(CollapseMonitor.STD_METRIC).getFloat(), 0.05);
            assertEquals(16.0, healthy.get(CollapseMonitor.RANK_METRIC).getFloat(), 1.5);
            assertFalse(CollapseMonitor.warning(values(healthy)).isPresent());

            Map<String, NDArray> flat = CollapseMonitor.metrics(manager.create(line, new Shape(512, 16)));
            assertEquals(1.0, flat.get(CollapseMonitor.RANK_METRIC).getFloat(), 0.2);
            String warning = CollapseMonitor.warning(values(flat)).orElseThrow();
            assertTrue(warning.contains(CollapseMonitor.RANK_METRIC), warning);
            assertFalse(CollapseMonitor.warning(Map.of("loss", 1.0)).isPresent(), "other records never warn");
            String codes = CollapseMonitor.warning(Map.of(CollapseMonitor.CODES_METRIC, 1.4)).orElseThrow();
            assertTrue(codes.contains("quantiser is collapsing (code_perplexity_per_group 1.40 < 2.0)"), codes);
            assertFalse(CollapseMonitor.warning(Map.of(CollapseMonitor.CODES_METRIC, 37.0)).isPresent());
        }
    }

    private static Map<String, Double> values(Map<String, NDArray> metrics) {
        return Map.of(CollapseMonitor.STD_METRIC, (double) metrics.get(CollapseMonitor.STD_METRIC).getFloat(),
                CollapseMonitor.RANK_METRIC, (double) metrics.get(CollapseMonitor.RANK_METRIC).getFloat());
    }
}
