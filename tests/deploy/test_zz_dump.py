import pytest
from tests.plugins.app_calls import RECORD

@pytest.mark.policy_last
def test_dump():
    import json
    json.dump(sorted(RECORD.permissions), open("/tmp/perms.json","w"), indent=1)
    json.dump({f"{k[0]}:{k[1]}": v for k, v in RECORD.operations.items()}, open("/tmp/ops.json","w"), indent=1)
