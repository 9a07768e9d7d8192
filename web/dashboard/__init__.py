"""The supervisors' dashboard: figures by period, department, channel, region and agent."""
