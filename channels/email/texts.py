"""What the hotline writes into its mail besides the answer itself, in Chinese and English."""

from __future__ import annotations

from core.texts import Catalogue

TEXTS = Catalogue(
    {
        # The subject tag that names a case: a reply keeps it, so the citizen's answer finds its case.
        "case_tag": {"zh": "[{hotline}] 工单 {reference}", "en": "[{hotline}] Case {reference}"},
    }
)
