"""Every declared procedure: importing this module registers them all with
api.procedures.definitions (the engine imports it before looking one up)."""

from api.claims import procedure as claims_procedure
from api.handoff import contact as contact_form

PROCEDURES = (claims_procedure.CLAIM, contact_form.CONTACT)
