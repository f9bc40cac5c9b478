"""Loading: YAML files or command-line layers into specs (loaders never compute)."""
