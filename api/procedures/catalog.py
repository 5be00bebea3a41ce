"""Every declared procedure: importing this module registers them all with
api.procedures.definitions (the engine imports it before looking one up)."""

from api.claims import procedure as claims_procedure

PROCEDURES = (claims_procedure.CLAIM,)
