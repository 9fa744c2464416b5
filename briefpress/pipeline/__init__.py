"""The pipeline on top of the stages: one description of the build (``stages``), run by a ``Builder``
that owns the printer process, for one brief or many (``batch``)."""
