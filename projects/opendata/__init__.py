"""Open data (信息公开): the public facts of `projects.disclosure`, and the
public directory of organisations, as a read-only JSON API for anyone
(/api/v1/public/rounds/ ...) and as CSV and JSON files (/public/data/).

One set of serializers (`serializers`) and datasets (`datasets`) makes both,
so a file says what the API says and what the public pages show. No field
the mask table (orgs.privacy.MASK_TABLE) names is ever read here: an
objection names its organisation, never the people who lodged or answered
it; an organisation its name and filing, never its leader.
"""
