"""An existing hotline's past tickets, imported so that the router can learn how that hotline files matters."""
