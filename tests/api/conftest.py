import pytest

from infra.aws_calls import RECORDER


@pytest.fixture(autouse=True)
def no_scan_on_request_paths():
    """Lists are queries on keys or indexes: no API test may cause a DynamoDB Scan."""
    start = len(RECORDER.history)
    yield
    scans = [call for call in RECORDER.history[start:] if (call.service, call.operation) == ("dynamodb", "Scan")]
    assert scans == [], "a request path used Scan"
