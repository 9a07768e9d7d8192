"""Acting before the citizen calls (未诉先办): tasks a supervisor gives a department from what the hotline learnt."""
