"""How long each thing is kept after a case ends (the council's retention schedule, as data),
and the pure decision of what goes, when and why (`retention.plan`)."""
