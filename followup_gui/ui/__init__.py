"""Qt user interface: item models over services, thin views, dialogs, the tray."""
