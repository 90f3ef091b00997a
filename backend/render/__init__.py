"""What a cluster.yaml would deploy, without deploying it: manifests like `helm template`, and
the difference an update would make. UI-free, so the CLI and the console share it."""
