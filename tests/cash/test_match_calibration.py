"""The shipped confidences against the bench's truth set: on generated variants of it (every shape of line the bench
knows, e.g. typos that are other open invoices, scanned digits, discounts, partial payments, lump sums, a group
company's invoice), no line applied without a person goes to a wrong invoice, at least 97 % are applied, and a rule
whose best candidate was ever wrong at a confidence sits below the default auto-apply threshold there."""

from __future__ import annotations

import pytest

from backend.domain.cash.importer import DEFAULT_THRESHOLD
from backend.domain.cash.matching import CONFIDENCE
from bench.book import PER_CUSTOMER, Book, match_in_memory, remittance_file

LINES = 3000


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_no_wrong_auto_match_and_97_percent_applied_on_a_generated_variant(seed: int) -> None:
    customers = LINES // 25
    book = Book(customers, customers * PER_CUSTOMER)
    content, truth = remittance_file(book, LINES, 0, seed=seed)

    quality = match_in_memory(book, content, truth, DEFAULT_THRESHOLD)

    assert quality.wrong == 0, quality.rules
    assert quality.recall >= 0.97, (quality.recall, quality.statuses, quality.rules)
    for (rule, confidence), (_right, wrong, _applied) in quality.rules.items():
        assert rule in CONFIDENCE
        if wrong:
            assert confidence < DEFAULT_THRESHOLD, f"{rule} at {confidence} was wrong {wrong} times but auto-applies"
    # every shape reached its rule: the variant exercised what it claims to
    rules = {rule for rule, _ in quality.rules}
    assert {"exact_reference", "ocr_reference", "similar_reference", "reference_in_text", "amount_and_date"} <= rules
