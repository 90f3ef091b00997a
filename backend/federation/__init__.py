"""Federations: several FATE parties (and an optional exchange) planned and checked as one.

* `federation_file.py` — the federation file (`federation.yaml`): `Federation`, `Member`,
  `load_federation`, `write_federation`.
* `routes.py` — what a party's cluster.yaml says about reaching the others (`routes_of`) and how
  it is reached itself (`exposure_of`), read along the schema's route keys.
* `gateway_probe.py` — a TCP connect to a party's gateway from where the console runs, with the
  time taken and the failure in plain words (the Federations mode's probe).
"""
