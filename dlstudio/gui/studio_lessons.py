"""What the studio keeps for the lessons: their demonstrations and where the lessons are.

``StudioLessons`` is a mixin of :class:`~dlstudio.gui.studio.Studio`. A lesson step applies
its specs, variants and run inside ``demonstration()``: those changes are the lesson's, not
the student's own work, and the workspace asks before replacing only the student's work
(``run_is_demonstration`` says the newest run was one). ``lesson_place`` (which lesson and
step, and the step the newest run was made for) is kept in workspaces; an opened workspace
gives it back through ``restore_lesson_place`` and ``sigLessonPlaceRestored``.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from PySide6.QtCore import QCoreApplication

from dlstudio.lessons.path import number_of


class StudioLessons:
    """Lesson demonstrations and the lessons' place (mixed into ``Studio``)."""

    def _init_lessons(self) -> None:
        self._demonstrating = 0
        #: where the lessons are, kept in workspaces: {"lesson": id, "step": index,
        #: "run_for": [id, index] of the step the newest run was made for, or None}; the
        #: lesson panel keeps it current
        self.lesson_place: dict | None = None
        #: the newest run (its curves, trained weights and state) is a lesson's
        #: demonstration, started inside ``demonstration()``
        self.run_is_demonstration = False
        #: (training spec, lesson id, step index) a lesson step set, until the student
        #: hears of it or changes the training settings (``note_lesson_settings``)
        self._lesson_train: tuple | None = None
        #: the student's own training settings from before lesson steps replaced them, and
        #: (lesson id, step index) of the step that set the ones in use; both None while the
        #: settings in use are the student's own (W26-18: after a lesson the Training panel
        #: kept its values and nothing said whose they were)
        self._own_train: Any = None
        self._train_set_by: tuple | None = None
        #: (lesson id, step index) whose settings the student then changed, while the
        #: settings from before the lessons are still kept (``edited_lesson_training``)
        self._edited_after: tuple | None = None

    @contextmanager
    def demonstration(self) -> Iterator[None]:
        """Changes made inside are a lesson step's demonstration, not the student's own work
        (a lesson applying its step: its specs, variants and the run it starts). The
        workspace asks before replacing only the student's own work."""
        self._demonstrating += 1
        try:
            yield
        finally:
            self._demonstrating -= 1

    def leave_lesson(self) -> bool:
        """The student moves to another lesson: what the previous lesson's steps put on
        screen goes - its demonstration run (stopped if it still trains; its curves, notes
        and progress), its pre-flight verdict (walker12: lesson 03's check stayed on the
        Pre-flight page under lesson 02's text) and the variants its steps made. The
        student's own run, check and variants stay.
        True when something was cleared. Taking them away is the lesson's doing too, not
        the student's own work (walker17 W17-8: cleared variants asked "Save changes?" at
        the next lesson switch)."""
        with self.demonstration():
            cleared = self._clear_lesson_results()
        if cleared:
            self.sigLessonLeft.emit()
        return cleared

    def _clear_lesson_results(self) -> bool:
        """``leave_lesson``'s clearing; True when something was cleared."""
        cleared = False
        if self.run_is_demonstration and (self.is_active() or not self.store.is_empty()):
            self.reset_weights()
            self.drop_branches()                # they continued that run
            self.run_is_demonstration = False
            cleared = True
        if self.preflight is not None and self.preflight_by_lesson:
            self.clear_preflight()
            cleared = True
        # its A/B: else Start ("Start A + B") trained them under the next lesson's text
        # (walker15 W15-9)
        if self.drop_lesson_variants():
            cleared = True
        return cleared

    def drop_lesson_variants(self) -> list[str]:
        """Remove the variants a lesson step made, while the student has not touched them
        and nothing trains (taking them away is the lesson's doing, not the student's own
        work); their names. Leaving the lesson does, and so does a ready-made network
        chosen after it (walker23 W23-14: lesson 10's "B: dropout 0.5" stayed beside the
        784-300-100-10 MLP a teacher picked, and Start trained A + B)."""
        if not self.variants_from_lesson or self.is_active():
            return []
        names = [v.name for v in self.variants[1:]]
        with self.demonstration():
            self.clear_variants()
        return names

    def lesson_training_source(self) -> str:
        """"Lesson 10 step 4" (in the UI language) when the training settings in use are
        the ones a lesson step set and the student has not changed them since, else ""."""
        if self._lesson_train is None or self._lesson_train[0] != self._train_spec:
            return ""
        return lesson_step_name(*self._lesson_train[1:])

    def lesson_made(self) -> dict:
        """What of the session a lesson step made and the student left alone, for a
        workspace (``restore_lesson_made``, ``restore_lesson_run``): ``variants`` (its
        comparison variants), ``train`` ([lesson id, step index] whose training settings
        are still in use), ``run`` (the run on screen is its demonstration)."""
        made: dict = {}
        if self.variants_from_lesson:
            made["variants"] = True
        if self.run_is_demonstration and not self.store.is_empty():
            made["run"] = True
        if self.lesson_training_source():
            made["train"] = list(self._lesson_train[1:])
        return made

    def restore_lesson_made(self, made: Any) -> None:
        """A restored workspace's ``lesson_made``: its variants and training settings count
        as the lesson's again, so a ready-made network or the next lesson takes them away
        and the questions name the lesson (walker23 W23-14: after a restart the teacher's
        preset kept lesson 10's "B: dropout 0.5" and was told "You have changed the
        training settings"). Anything else in ``made`` (a damaged file) is ignored."""
        if not isinstance(made, dict):
            return
        if made.get("variants") is True:
            self.mark_variants_from_lesson()
        train = made.get("train")
        if isinstance(train, list) and len(train) == 2 and isinstance(train[0], str) \
                and (train[1] is None or (isinstance(train[1], int)
                                          and not isinstance(train[1], bool))):
            self._lesson_train = (self._train_spec, train[0], train[1])
            self._train_set_by, self._own_train = (train[0], train[1]), None
            self._edited_after = None

    def restore_lesson_run(self, made: Any) -> None:
        """A restored workspace's ``lesson_made`` says its run was a lesson's demonstration:
        it counts as one again, once the run's curves and weights are back, so the next
        lesson clears it as it would have before the save (walker37 W37-6: after a restart
        in lesson 12's A/B step, lesson 1 took B's network away but kept the run, and the
        Outcome page showed A's boundary beside an empty B, "Waiting for the network...")."""
        if isinstance(made, dict) and made.get("run") is True and not self.store.is_empty():
            self.run_is_demonstration = True

    def remember_lesson_settings(self, before: Any = None) -> None:
        """Called when the training spec changes (``before``: the spec it replaced): inside
        a demonstration it is the lesson step's (remembered with the step, and the student's
        own settings kept for ``restore_own_training``), outside it the student's own."""
        place = self.lesson_place or {}
        if self.demonstrating and isinstance(place.get("lesson"), str):
            self._lesson_train = (self._train_spec, place["lesson"], place.get("step"))
            if self._train_set_by is None and self._own_train is None:
                self._own_train = before
            self._train_set_by = (place["lesson"], place.get("step"))
            self._edited_after = None
        elif not self.demonstrating:
            self._keep_way_back()

    def restate_lesson_settings(self) -> None:
        """A lesson step set the training settings already in use: when a lesson step had
        set them, they are now this step's (walker30: lesson 3 step 2 set the values lesson 2
        step 3 had set, and the note after the student's edit named lesson 2 step 3)."""
        place = self.lesson_place or {}
        if self.demonstrating and self._train_set_by is not None \
                and isinstance(place.get("lesson"), str):
            self._lesson_train = (self._train_spec, place["lesson"], place.get("step"))
            by, self._train_set_by = self._train_set_by, (place["lesson"], place.get("step"))
            if by != self._train_set_by:
                self.sigTrainChanged.emit()     # the Training panel's note names the step

    def training_set_by(self) -> str:
        """"Lesson 16 step 2" (in the UI language) when the training settings in use are
        the ones a lesson step set and the student has not changed them since (also after
        the lesson was left), else ""."""
        return lesson_step_name(*self._train_set_by) if self._train_set_by else ""

    def can_restore_own_training(self) -> bool:
        """Whether the student's own training settings from before the lesson steps are
        known (``restore_own_training``)."""
        return self._own_train is not None and (
            self._train_set_by is not None or self._edited_after is not None)

    def restore_own_training(self) -> None:
        """Put back the training settings the student had before lesson steps set theirs
        (also after the student changed some of the step's values: ``edited_lesson_training``)."""
        own = self._own_train
        if not self.can_restore_own_training():
            return
        self._own_train = self._train_set_by = self._edited_after = None
        self._lesson_train = None
        if own == self._train_spec:          # the same values: the note still goes
            self.sigTrainChanged.emit()
        else:
            self.set_train_spec(own)

    def _keep_way_back(self) -> None:
        """The student changed training settings a lesson step set: they are the student's
        now, but the settings from before the lessons stay within reach until restored or
        dismissed (walker29 W29-3: the note and its Restore button went at the first edit,
        and Edit > Undo covers network edits only)."""
        if self._train_set_by is not None and self._own_train is not None:
            self._edited_after = self._train_set_by
        if self._edited_after is None or self._own_train == self._train_spec:
            self._own_train = self._edited_after = None      # (or back to them by hand)
        self._lesson_train = None
        self._train_set_by = None

    def edited_lesson_training(self) -> str:
        """"Lesson 16 step 2" (in the UI language) when the student changed the training
        settings that step set and those from before the lessons can still be restored
        (``restore_own_training``), else ""."""
        if self._edited_after is None or self._own_train is None:
            return ""
        return lesson_step_name(*self._edited_after)

    def forget_own_training(self) -> None:
        """The student keeps the settings in use: the way back to those from before the
        lessons goes (the Training panel's note with it)."""
        if self._edited_after is None and self._train_set_by is None:
            return
        self._own_train = self._edited_after = None
        self.sigTrainChanged.emit()

    def note_lesson_settings(self) -> None:
        """The student changed the network or the data themselves: when the training
        settings are still those a lesson step set, and they differ from the defaults in
        what changes a run (penalties, clipping, the optimizer and its rate), say so once
        (walker14 W14-11: after lesson 17 step 3, free work went on with L1 0.002 and
        nothing on screen said so)."""
        if self.demonstrating or self._lesson_train is None:
            return
        spec, lesson, step = self._lesson_train
        if spec != self._train_spec:
            self._lesson_train = None
            return
        changed = lesson_setting_changes(spec)
        self._lesson_train = None
        if not changed:
            return
        where = lesson_step_name(lesson, step)
        if (self.lesson_place or {}).get("lesson") == lesson:
            # the lesson on screen set them: its text may ask for this very edit, and its
            # runs want its settings (walker30: warned for doing what lesson 3 step 2 asked)
            text = QCoreApplication.translate(
                "Studio", "%1 set the training settings in use (%2, in the Training panel): "
                "Start trains with them")
        else:
            text = QCoreApplication.translate(
                "Studio", "%1 set the training settings still in use (%2): check them in the "
                "Training panel before Start")
        comma = QCoreApplication.translate("Studio", ", ")
        self.sigMessage.emit(text.replace("%1", where).replace("%2", comma.join(changed)))

    def restore_lesson_place(self, place: Any) -> None:
        """An opened workspace's ``lesson_place`` (ignored unless it names a lesson): the
        lesson panel goes to that step and may judge the restored run it was made for."""
        if isinstance(place, dict) and isinstance(place.get("lesson"), str):
            self.lesson_place = dict(place)
            self.sigLessonPlaceRestored.emit(dict(place))

    @property
    def demonstrating(self) -> bool:
        """Whether the changes being made now are a lesson's (see ``demonstration``)."""
        return self._demonstrating > 0


def lesson_step_name(lesson: str, step: Any) -> str:
    """"Lesson 12 step 4" for lesson id ``lesson`` ("10_regularization", the 12th lesson of
    the learning path: ``path.number_of``) and step index ``step`` (0-based; "Lesson 12" when
    it is no index), in the UI language. A lesson the path does not list is named by its id."""
    shown = number_of(lesson)
    number = str(shown) if shown is not None else lesson
    if isinstance(step, int):
        return QCoreApplication.translate("Studio", "Lesson %1 step %2").replace(
            "%1", number).replace("%2", str(step + 1))
    return QCoreApplication.translate("Studio", "Lesson %1").replace("%1", number)


def lesson_setting_changes(spec: Any) -> list[str]:
    """What of training spec ``spec`` differs from the defaults in ways that change a run,
    as short texts in the UI language, the settings named as the Training panel names them
    (``setting_labels``: "L1 penalty 0.002", "Optimizer SGD"; in Chinese "L1 惩罚 0.002":
    walker15 W15-12 read the raw "optimizer adam" in a Chinese sentence)."""
    from dlstudio.engine.optimizers import OPTIMIZERS
    from dlstudio.gui.i18n import tr_registry
    from dlstudio.gui.setting_labels import setting_label
    from dlstudio.training.spec import TrainSpec

    default = TrainSpec()
    out = []
    for key in ("l1", "l2", "max_norm", "clipnorm", "clipvalue"):
        value = getattr(spec, key, None)
        if value and value != getattr(default, key):
            out.append(f"{setting_label(key)} {value:g}")
    if spec.optimizer != default.optimizer:
        name = spec.optimizer
        shown = OPTIMIZERS.entry(name).display if name in OPTIMIZERS else name
        out.append(f"{setting_label('optimizer')} {tr_registry(shown)}")
    if spec.learning_rate != default.learning_rate:
        out.append(f"{setting_label('learning_rate')} {spec.learning_rate:g}")
    return out
