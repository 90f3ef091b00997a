"""The console's own settings: one YAML file, `config_dir()/config.yaml`."""
