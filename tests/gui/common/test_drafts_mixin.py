"""The Esc-asks-keep-draft behaviour is written once (gui/common/drafts.AsksBeforeDiscarding) and every form
that autosaves a draft uses it, each with its own words."""

from __future__ import annotations

import pytest

from dutyroom.gui.calls.entry import CallEntryDialog
from dutyroom.gui.common.drafts import AsksBeforeDiscarding
from dutyroom.gui.empty_posts.explain import ExplanationDialog
from dutyroom.gui.incidents.form import IncidentDialog
from dutyroom.gui.instructions.dialog import InstructionDialog


@pytest.mark.parametrize(("form", "title"), [(CallEntryDialog, "放弃登记"), (IncidentDialog, "放弃登记"),
                                             (InstructionDialog, "放弃批示"), (ExplanationDialog, "放弃说明")])
def test_each_draft_form_asks_through_the_one_mixin(form, title):
    assert issubclass(form, AsksBeforeDiscarding)
    for name in ("reject", "_discard", "_keep_draft"):
        assert getattr(form, name) is getattr(AsksBeforeDiscarding, name), (form.__name__, name)
    assert form.discard_title == title and "保留草稿" in form.discard_text
