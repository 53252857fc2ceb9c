package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.callbacks.DropoutRateScheduler;
import org.dropout4j.layers.regularization.AlphaDropout;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.regularization.GaussianDropout;
import org.dropout4j.layers.regularization.SpatialDropout2D;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link DropoutFamily}: who is a member, when members draw noise, and whose rate a scheduler may set. */
class DropoutFamilyTest {
  @Test
  void members_areTheDropoutLayersAndDropConnect_notPlainLayers() {
    assertTrue(new Dropout(0.2f) instanceof DropoutFamily);
    assertTrue(new SpatialDropout2D(0.2f) instanceof DropoutFamily);
    assertTrue(new GaussianDropout(0.2f) instanceof DropoutFamily);
    assertTrue(new AlphaDropout(0.2f) instanceof DropoutFamily);
    assertTrue(new DropConnectDense(new Dense(3), 0.2f, 7L, null) instanceof DropoutFamily);
    assertFalse((Object) new Dense(3) instanceof DropoutFamily);
    assertEquals(7L, new DropConnectDense(new Dense(3), 0.2f, 7L, null).seed());
  }

  @Test
  void drawsNoise_inTrainingAndMonteCarlo_notAtInference_orWhenTrainingIsForcedOff() {
    DropoutFamily d = new Dropout(0.5f);
    assertTrue(d.drawsNoise(CallContext.training(RngKey.of(1), 0)));
    assertTrue(d.drawsNoise(CallContext.monteCarlo(RngKey.of(1), 1)));
    assertFalse(d.drawsNoise(CallContext.inference()));
    assertFalse(d.drawsNoise(CallContext.monteCarlo(RngKey.of(1), 1).withTraining(false)));
  }

  @Test
  void schedulable_onlyForTheDropoutBase_theSchedulerRefusesDropConnect() {
    assertTrue(new Dropout(0.2f).schedulable());
    DropConnectDense dc = new DropConnectDense(new Dense(3), 0.2f, null, "dc");
    assertFalse(dc.schedulable());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DropoutRateScheduler(dc, epoch -> 0.1f));
    assertTrue(e.getMessage().startsWith("Invalid value for argument `layer` of DropoutRateScheduler: expected a "
        + "dropout layer whose rate can be scheduled"), e.getMessage());
  }

  @Test
  void schedulerByName_onADropConnectLayer_throwsAtTheFirstEpoch() {
    Sequential m = new Sequential(Input.shape(2), new DropConnectDense(new Dense(4, "relu"), 0.3f, null, "dc"),
        new Dense(1, "sigmoid"));
    m.compile("adam", "binary_crossentropy");
    Tensor x = Tensor.of(Shape.of(4, 2), 0f, 1f, 1f, 0f, 1f, 1f, 0f, 0f);
    Tensor y = Tensor.of(Shape.of(4, 1), 1f, 1f, 0f, 0f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.fit(x, y,
        FitOptions.builder().epochs(1).verbose(0).callbacks(new DropoutRateScheduler("dc", epoch -> 0.1f)).build()));
    assertTrue(e.getMessage().contains("has no dropout layer with a schedulable rate named \"dc\""), e.getMessage());
  }
}
