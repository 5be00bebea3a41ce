from pydantic import BaseModel

from api.portals.catalog import PortalCode


class PortalRead(BaseModel):
    code: PortalCode
    name: str
