"""Load DIET and the response selectors for prediction without tracing a training step.

Rasa 3.6's `RasaModel.load` builds a model's weights by training it on one example (`model.fit`)
before it reads the saved weights: TensorFlow traces the whole training graph (forward pass, loss,
gradients, Adam) only to throw it away. At a server start that was most of the model load (cProfile:
88 of 97 s in `DIETClassifier._load_model` on a busy machine), paid again by every test that starts a
Rasa server.

For prediction only the forward graph is needed. Keras restores a TensorFlow-format checkpoint into
variables that do not exist yet as soon as they are created ("deferred restoration", matched by the
object path of each variable, not by creation order), so the model can read its weights first and
build them with the one prediction Rasa already runs to trace the inference graph. The optimizer's
slots in the checkpoint are then simply not used (`expect_partial`).

Fine-tuning (`rasa train --finetune`) and a model without a prediction example keep Rasa's own
path. tests/nlu_rasa/test_fast_model_load.py loads one trained model both ways and compares every
intent ranking, entity and response-selector ranking on a few hundred messages.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.utils.tensorflow.models import RasaModel

logger = logging.getLogger(__name__)

_rasa_load = RasaModel.load.__func__


def load_for_prediction(cls: type[RasaModel], model_file_name: str, model_data_example: Any,
                        predict_data_example: Any = None, finetune_mode: bool = False,
                        *args: Any, **kwargs: Any) -> RasaModel:
    """`RasaModel.load` without the throw-away training step, when the model is only to predict."""
    if finetune_mode or predict_data_example is None:
        return _rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                          *args, **kwargs)
    model = cls(*args, **kwargs)
    status = model.load_weights(model_file_name)
    model.run_inference(predict_data_example)  # creates the variables, which take the saved values
    status.expect_partial()  # the optimizer's slots, saved for fine-tuning, stay unread
    status.assert_existing_objects_matched()  # every variable prediction made came from the file
    logger.debug("Loaded %s for prediction from %s.", cls.__name__, model_file_name)
    return model


def install() -> None:
    RasaModel.load = classmethod(load_for_prediction)
