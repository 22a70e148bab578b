"""The DNS records a stage needs, for the operator to add at their DNS provider.

* MX on the reply domain: SES receiving takes customers' replies;
* DKIM: three CNAMEs from SES's Easy DKIM tokens (``sesv2 get_email_identity``);
* a custom MAIL FROM domain (``bounce.<domain>``) with its MX and SPF TXT, so
  SPF passes aligned with our domain and DMARC can pass on SPF as well as DKIM;
* DMARC (start in monitoring mode), and the site's own name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Record:
    name: str
    type: str
    value: str
    why: str

    def line(self) -> str:
        return f"{self.name:<48} {self.type:<6} {self.value:<52} ; {self.why}"


def mail_from_domain(domain: str) -> str:
    return f"bounce.{domain}"


def mail_records(domain: str, reply_domain: str, region: str, identity: dict[str, Any]) -> list[Record]:
    tokens = identity.get("DkimAttributes", {}).get("Tokens") or []
    bounce = mail_from_domain(domain)
    records = [Record(reply_domain, "MX", f"10 inbound-smtp.{region}.amazonaws.com", "customer replies to SES")]
    records += [
        Record(f"{token}._domainkey.{domain}", "CNAME", f"{token}.dkim.amazonses.com", "DKIM signing")
        for token in tokens
    ]
    records += [
        Record(bounce, "MX", f"10 feedback-smtp.{region}.amazonses.com", "bounces (custom MAIL FROM)"),
        Record(bounce, "TXT", '"v=spf1 include:amazonses.com ~all"', "SPF for the MAIL FROM domain"),
        Record(f"_dmarc.{domain}", "TXT", f'"v=DMARC1; p=none; rua=mailto:postmaster@{domain}"',
               "DMARC, monitoring first"),
    ]
    return records


def site_record(host: str, distribution_domain: str, mail_domains: set[str]) -> Record:
    # A CNAME cannot share its name with the MX: where the site and the mail use
    # one name, it must be an alias record (Route 53 ALIAS, or CNAME flattening).
    kind = "ALIAS" if host in mail_domains else "CNAME"
    return Record(host, kind, distribution_domain, "the site (CloudFront)")

