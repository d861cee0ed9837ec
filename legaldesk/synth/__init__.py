"""The project's own sample data: synthetic acts of invented municipalities, written out as
the files administrations publish. Used by ``legaldesk demo`` and the benchmarks."""

from legaldesk.synth.acts import SyntheticAct, generate_acts
from legaldesk.synth.render import FORMATS, render_act

__all__ = ["FORMATS", "SyntheticAct", "generate_acts", "render_act"]
