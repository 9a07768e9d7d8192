"""Departments working one case: assisting tasks, returns and arbitration, supervision notices, first contact."""
