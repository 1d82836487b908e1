"""Events: PLOVER-coded events with participants, date, place and modality."""
