"""The routing model on the real shared data: trained on the segmented messages, scored on raw ones it never saw.

The data is third-party and not in the repository; without ../shared/data the test is skipped.
"""

from __future__ import annotations

import pytest

from bench.routing import default_departments
from router.model import classifier as routing_model
from router.model import training
from router.model.evaluation import evaluate
from tests.helpers import REPO

DATA = REPO.parent / "shared" / "data" / "routing"


@pytest.mark.slow
def test_on_real_raw_messages_the_model_beats_plain_tfidf_svm_and_is_fast():
    if not (DATA / "train_tokenized.csv").exists() or not (DATA / "dev_raw.csv").exists():
        pytest.skip(f"the shared routing data is not at {DATA} (third-party data, never in the repository)")
    departments = default_departments()
    train = training.read_csv(DATA / "train_tokenized.csv", departments)
    model = routing_model.train(train.documents, train.labels)
    report = evaluate(model, training.read_csv(DATA / "dev_raw.csv", departments), threshold=0.6)
    # A plain TF-IDF + linear SVM scores about 0.85 here; this model measured 0.875 (docs/performance.md).
    assert report.macro_f1 >= 0.86 and report.accuracy >= 0.86
    assert min(report.per_department_f1.values()) >= 0.7
    assert report.coverage >= 0.8 and report.precision >= 0.88
    assert report.ms_per_message < 20
