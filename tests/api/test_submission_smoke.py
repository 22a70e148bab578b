from tests.fixtures import submit


def test_submit_returns_number_and_mails_ack(client, mailbox):
    response = submit(client, key="key-00000001")
    assert response.status_code == 201, response.body
    number = response.json_body["number"]
    mails = mailbox()
    assert len(mails) == 1
    assert f"[#{number}]" in mails[0]["subject"]
