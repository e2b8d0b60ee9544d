"""The cards the scan is measured on (``make bench``, tests/services/contacts/scan).

``CARDS`` is the set whose field accuracy is reported and held (>= 90% exact
fields); ``HELD_OUT`` are cards the parser was not tuned on, checked by the tests.
Each card is photographed its own way (``SHOTS``): rotation up to +-10 degrees, a
keystone, blur, noise, JPEG compression.
"""

from __future__ import annotations

from bench.cards import CardSpec, Shot

CARDS: tuple[CardSpec, ...] = (
    CardSpec(
        "Jürgen Müller-Lüdenscheidt",
        "Leiter Personal",
        "Acme Robotics GmbH",
        ("j.mueller@acme-robotics.de",),
        ("+49 30 901820",),
        "acme-robotics.de",
        ("Friedrichstraße 123", "10117 Berlin"),
        expected_phones=("+49 30 901820",),
    ),
    CardSpec(
        "Saoirse Ní Bhriain",
        "Senior Talent Partner",
        "Harbour Analytics Ltd",
        ("saoirse@harbouranalytics.ie",),
        ("01 234 5678",),
        "harbouranalytics.ie",
        ("12 Grand Canal Street", "Dublin 2, Ireland"),
        layout="centered",
        font="DejaVu Serif",
        expected_phones=("+353 1 234 5678",),
    ),
    CardSpec(
        "María José García",
        "Gerente de Recursos Humanos",
        "Soluciones Ibéricas S.L.",
        ("mjgarcia@solucionesibericas.es",),
        ("+34 912 345 678", "612 345 678"),
        "solucionesibericas.es",
        ("Calle de Alcalá 45", "28014 Madrid"),
        layout="split",
        expected_phones=("+34 912 34 56 78", "+34 612 34 56 78"),
    ),
    CardSpec(
        "Dana Whitfield",
        "Engineering Manager",
        "Northwind Labs Inc.",
        ("dana.whitfield@northwindlabs.com",),
        ("(212) 555-0147",),
        "northwindlabs.com",
        ("350 Fifth Avenue, Suite 4100", "New York, NY 10118"),
        font="Nimbus Sans",
        expected_phones=("+1 212-555-0147",),
    ),
    CardSpec(
        "Lukas Schäfer",
        "Software-Entwickler",
        "Brückner & Söhne KG",
        ("lukas.schaefer@brueckner-soehne.de",),
        ("+49 89 2180 4411",),
        "brueckner-soehne.de",
        ("Leopoldstraße 7", "80802 München"),
        layout="split",
        font="DejaVu Serif",
        expected_phones=("+49 89 21804411",),
    ),
    CardSpec(
        "Priya Raman",
        "Head of Product",
        "Lumen Health Ltd",
        ("priya@lumenhealth.co.uk",),
        ("+44 20 7946 0321",),
        "lumenhealth.co.uk",
        ("48 Leather Lane", "London EC1N 7TE"),
        layout="centered",
        expected_phones=("+44 20 7946 0321",),
    ),
    CardSpec(
        "Álvaro Núñez Peña",
        "Director de Ingeniería",
        "Tecnologías Andinas S.A.",
        ("anunez@tecandinas.es",),
        ("+34 933 123 456",),
        "tecandinas.es",
        ("Avenida Diagonal 640", "08017 Barcelona"),
        font="Nimbus Roman",
        expected_phones=("+34 933 12 34 56",),
    ),
    CardSpec(
        "Chloé Lefebvre-Hartmann",
        "Recruiting Lead",
        "Quantum Freight AG",
        ("chloe.hartmann@quantumfreight.ch",),
        ("+41 44 668 18 00",),
        "quantumfreight.ch",
        ("Bahnhofstrasse 21", "8001 Zürich"),
        expected_phones=("+41 44 668 18 00",),
    ),
    CardSpec(
        "Marcus O'Brien",
        "VP Sales",
        "Bluefin Software LLC",
        ("marcus.obrien@bluefinsoftware.com",),
        ("+1 415 555 0199",),
        "bluefinsoftware.com",
        ("500 Howard Street", "San Francisco, CA 94105"),
        layout="split",
        font="Nimbus Sans",
        labels=False,
        expected_phones=("+1 415-555-0199",),
    ),
    CardSpec(
        "Anke Voß",
        "Projektleiterin",
        "Nordlicht Energie GmbH",
        ("anke.voss@nordlicht-energie.de",),
        ("040 3789 1200",),
        "nordlicht-energie.de",
        ("Am Sandtorkai 50", "20457 Hamburg"),
        layout="centered",
        font="Nimbus Roman",
        expected_phones=("+49 40 37891200",),
    ),
)

HELD_OUT: tuple[CardSpec, ...] = (
    CardSpec(
        "Sofía Castillo Ruiz",
        "Ingeniera de Datos",
        "Datos Claros S.L.",
        ("sofia.castillo@datosclaros.es",),
        ("+34 644 210 987",),
        "datosclaros.es",
        ("Paseo de Gracia 12", "08007 Barcelona"),
        font="DejaVu Serif",
        expected_phones=("+34 644 21 09 87",),
    ),
    CardSpec(
        "Tobias Krämer",
        "Geschäftsführer",
        "Krämer Logistik GmbH",
        ("t.kraemer@kraemer-logistik.de",),
        ("+49 221 4711 230",),
        "kraemer-logistik.de",
        ("Hohenzollernring 15", "50672 Köln"),
        layout="split",
        expected_phones=("+49 221 4711230",),
    ),
)

#: How each card of ``CARDS`` is photographed (cycled for longer sets).
SHOTS: tuple[Shot, ...] = (
    Shot(rotation=4, keystone=0.05, blur=1.3, noise=0.06, jpeg=80, seed=1),
    Shot(rotation=-7, keystone=0.1, blur=1.0, noise=0.1, jpeg=70, seed=2),
    Shot(rotation=10, keystone=0.02, blur=1.6, noise=0.05, jpeg=85, seed=3),
    Shot(rotation=-10, keystone=0.12, blur=1.2, noise=0.08, jpeg=75, seed=4),
    Shot(rotation=2, keystone=0.15, blur=1.4, noise=0.12, jpeg=65, seed=5),
)
