"""
The demo newsroom of The Harbour Ledger, as plain data for `manage.py load_demo`.

The outlet, its people and its stories are fictional: the Carrow Coast, Port Elin,
Saltmere and everyone quoted are invented, and every sentence was written for this
demo. Real cities appear only in datelines.

Kept apart from the command, with no Django imports, so that a writer can edit the
stories without reading the loader, and the loader's logic stays short.

Conventions the loader relies on:

* ``slug`` is the key of every section, author and story: running the loader again
  updates these rows instead of adding new ones.
* ``hours_ago`` is the publish time relative to when the loader runs. A negative value
  schedules the story in the future; ``None`` (drafts) leaves it unset.
* ``body`` is a tuple of paragraphs (or HTML blocks), joined with blank lines.
* ``hero`` describes the abstract image the loader draws: two colours for a gradient and
  a ``motif`` (``waves``, ``sun``, ``grid``, ``hills`` or ``rings``). The caption, credit
  and alt text are written as for the photograph a real story would carry.
* In an interview, ``turns`` name their speaker by participant ``label``.
"""

SECTIONS = [
    {
        "slug": "news",
        "name": "News",
        "description": (
            "What happened on the Carrow Coast today: the harbour, the courts, the roads and "
            "the ferries, reported from the places where it happened."
        ),
        "position": 1,
    },
    {
        "slug": "politics",
        "name": "Politics",
        "description": (
            "The town council, the regional assembly and the decisions made in Brussels and "
            "beyond that land on the coast. We follow the money and the votes."
        ),
        "position": 2,
    },
    {
        "slug": "environment",
        "name": "Environment",
        "description": (
            "The sea, the shoreline and the weather that shapes both. Reporting on climate, "
            "fisheries and the science behind them."
        ),
        "position": 3,
    },
    {
        "slug": "culture",
        "name": "Culture",
        "description": (
            "Theatre, music, festivals and the people keeping the coast's stories alive, with "
            "reviews that take community work seriously."
        ),
        "position": 4,
    },
]

# Handles and profile addresses use the reserved .example domain; emails are private.
AUTHORS = [
    {
        "slug": "mara-lindqvist",
        "name": "Mara Lindqvist",
        "role": "Climate correspondent",
        "bio": (
            "Mara Lindqvist covers climate, the sea and the coast's shifting shoreline. Before "
            "joining The Harbour Ledger she spent six years as a science reporter in "
            "Gothenburg. She is a qualified diver, which turns out to be useful more often than "
            "you would think."
        ),
        "handle": "@mara_lindqvist",
        "profile_url": "https://social.example/@mara_lindqvist",
        "email": "mara.lindqvist@harbourledger.example",
        "colour": "#2a6f97",
    },
    {
        "slug": "tomas-ferreira",
        "name": "Tomás Ferreira",
        "role": "Politics editor",
        "bio": (
            "Tomás Ferreira has covered the town council and the regional assembly since 2016 "
            "and now leads the Ledger's politics desk. He grew up above his parents' bakery in "
            "Port Elin and still believes most political stories start with a simple question: "
            "who pays?"
        ),
        "handle": "@tomas.ferreira",
        "profile_url": "https://social.example/@tomas.ferreira",
        "email": "tomas.ferreira@harbourledger.example",
        "colour": "#9c4a1a",
    },
    {
        "slug": "aisha-okonkwo-reid",
        "name": "Aisha Okonkwo-Reid",
        "role": "Courts and public safety reporter",
        "bio": (
            "Aisha Okonkwo-Reid reports from the regional court, the fire service and anywhere "
            "else the public's safety is at stake. She trained as a paralegal before moving "
            "into journalism, and reads case files the way other people read novels."
        ),
        "handle": "@aisha_okonkwo",
        "profile_url": "https://social.example/@aisha_okonkwo",
        "email": "aisha.okonkwo-reid@harbourledger.example",
        "colour": "#6a4c93",
    },
    {
        "slug": "jonah-whitcombe",
        "name": "Jonah Whitcombe",
        "role": "Photographer",
        "bio": (
            "Jonah Whitcombe has photographed the Carrow Coast for fifteen years, from the "
            "decks of trawlers to the back row of council meetings. His series on the region's "
            "last working boatyards has been exhibited in Bergen and Aberdeen."
        ),
        "handle": "@jonah_whitcombe",
        "profile_url": "https://social.example/@jonah_whitcombe",
        "email": "jonah.whitcombe@harbourledger.example",
        "colour": "#3a5a40",
    },
    {
        "slug": "lena-varga",
        "name": "Lena Varga",
        "role": "Culture writer",
        "bio": (
            "Lena Varga writes about theatre, music and the coast's cultural life, from touring "
            "opera to Tuesday-night pub sessions. She joined the Ledger after a decade as a "
            "stage manager and still notices when a scene change runs long."
        ),
        "handle": "@lenavarga",
        "profile_url": "https://social.example/@lenavarga",
        "email": "lena.varga@harbourledger.example",
        "colour": "#b5446e",
    },
    {
        "slug": "samir-haddad",
        "name": "Samir Haddad",
        "role": "Data and transport reporter",
        "bio": (
            "Samir Haddad turns timetables, budgets and public records into stories about how "
            "the region actually works. He joined the Ledger from a data team in Lisbon and "
            "works in English, Portuguese and Arabic."
        ),
        "handle": "@samir_haddad",
        "profile_url": "https://social.example/@samir_haddad",
        "email": "samir.haddad@harbourledger.example",
        "colour": "#1b4965",
    },
]

# Staff accounts for trying the admin. The passwords are public: demo use only.
DEMO_USERS = [
    {
        "username": "editor",
        "password": "ledger-desk-4821",
        "group": "Editor",
        "first_name": "Demo",
        "last_name": "Editor",
        "email": "editor@harbourledger.example",
        "can": "can write, edit and publish every story",
    },
    {
        "username": "reporter",
        "password": "ledger-notebook-7306",
        "group": "Reporter",
        "first_name": "Mara",
        "last_name": "Lindqvist",
        "email": "mara.lindqvist@harbourledger.example",
        "author": "mara-lindqvist",
        "can": "writes as Mara Lindqvist; drafts stories and submits them for review",
    },
    {
        "username": "moderator",
        "password": "ledger-commons-5194",
        "group": "Moderator",
        "first_name": "Demo",
        "last_name": "Moderator",
        "email": "moderator@harbourledger.example",
        "can": "reviews readers' comments before they appear",
    },
]

STORIES = [
    {
        "slug": "storm-surge-floods-lower-port-elin",
        "headline": "Storm surge floods lower Port Elin after sea wall gives way at Quay Street",
        "dek": (
            "Dozens of homes and shops took on water overnight when a forty-metre stretch of "
            "the 1950s harbour wall collapsed at high tide."
        ),
        "dateline": "PORT ELIN, Carrow Coast",
        "section": "news",
        "bylines": [
            ("aisha-okonkwo-reid", "reporter"),
            ("jonah-whitcombe", "photographer"),
        ],
        "tags": ["flooding", "harbour", "sea wall", "storms"],
        "status": "published",
        "hours_ago": 5,
        "updated_hours_ago": 2,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "Water stands along Quay Street in Port Elin on Tuesday morning, hours after a "
                "section of the sea wall collapsed."
            ),
            "credit": "Photo: Jonah Whitcombe / The Harbour Ledger",
            "alt": (
                "A man in chest waders pushes a wheelbarrow of sandbags through knee-deep water "
                "between a row of terraced cottages."
            ),
            "colours": ("#1d3557", "#7a9cb3"),
            "motif": "waves",
        },
        "body": (
            (
                "Seawater poured into the lower streets of Port Elin shortly after 2 a.m. on "
                "Tuesday when a section of the harbour's sea wall collapsed under the combined "
                "force of a spring tide and a storm surge driven by gale-force southerly winds. "
                "By dawn, water stood knee-deep along Quay Street and in the lanes behind the "
                "old fish market."
            ),
            (
                "Fire crews evacuated 41 households, most of them in the terraced cottages "
                "between the harbour and Chapel Hill, according to the regional fire service. "
                "No one was seriously hurt. Two people were treated for mild hypothermia after "
                "wading out of a flooded ground-floor flat, a spokesperson said."
            ),
            (
                '"I heard a noise like a lorry tipping gravel, and then the street was a '
                'river," said Nell Gorran, 67, who has run a chandlery on Quay Street for three '
                "decades and spent the early hours carrying stock upstairs with her neighbours. "
                '"We have had water at the door before. We have never had it at the counter."'
            ),
            (
                "The collapsed stretch, about forty metres long, was built in the 1950s and was "
                'described as being in "poor condition" in a structural survey commissioned by '
                "the town council in 2021. A repair scheme costed at 3.2 million euros was "
                "drawn up the following year but has never been funded, and was deferred again "
                "in last week's harbour budget."
            ),
            (
                "The harbour master, Ingrid Solberg, closed the inner harbour to all traffic "
                "until engineers can establish whether the neighbouring sections of wall are "
                "stable. Fishing boats that normally land at the inner quay will use the "
                "deep-water berth at the north pier in the meantime."
            ),
            (
                "Mayor Celia Brandt, who walked the flooded streets on Tuesday morning, said "
                "the council would open an emergency fund for affected households and "
                "businesses by the end of the week. Asked why the repair scheme had stalled, "
                'she said the town "had been waiting on regional money that never came" and '
                "promised a full account at the next council meeting."
            ),
            (
                "A further warning for strong winds is in force for Thursday night, coinciding "
                "with another high tide. Residents of the lower town are advised to move "
                "valuables and documents upstairs and to sign up for the council's text alerts."
            ),
            (
                "<em>This story has been updated with the number of evacuated households and "
                "the harbour master's closure order.</em>"
            ),
        ),
    },
    {
        "slug": "night-ferry-saltmere-cancelled-winter",
        "headline": "Late ferry to Saltmere cancelled for the winter after crew shortage",
        "dek": (
            "Islanders who work evening shifts on the mainland say the 21:40 sailing was the "
            "only one that made their jobs possible."
        ),
        "dateline": "PORT ELIN, Carrow Coast",
        "section": "news",
        "bylines": [
            ("samir-haddad", "reporter"),
        ],
        "tags": ["ferries", "transport", "Saltmere", "jobs"],
        "status": "published",
        "hours_ago": 30,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "The Saltmere ferry leaves Port Elin on its last evening crossing before the "
                "winter timetable."
            ),
            "credit": "Photo: Samir Haddad / The Harbour Ledger",
            "alt": (
                "A small white car ferry with its deck lights on pulls away from a quay at dusk."
            ),
            "colours": ("#14213d", "#e07a5f"),
            "motif": "waves",
        },
        "body": (
            (
                "Carrow Ferries will suspend its last evening crossing between Port Elin and "
                "Saltmere from the first of next month until at least April, the operator said "
                "on Monday, blaming a shortage of qualified deck officers that has already "
                "forced it to cancel 63 sailings since September."
            ),
            (
                "The 21:40 departure is the least used of the route's six daily crossings, "
                "carrying an average of 38 passengers a night over the past year, according to "
                "figures the operator gave the regional transport committee. But for many of "
                "the island's roughly 1,900 residents it is the only way home after an evening "
                "shift."
            ),
            (
                '"The hospital, the supermarket, the second shift at the fish plant: they all '
                'finish after eight," said Rosa Quint, a care assistant at Kestrel Bay General '
                'who commutes from Saltmere four nights a week. "Without the late boat I either '
                'sleep in my car or give up the job. Those are the choices."'
            ),
            (
                "Carrow Ferries says it needs eleven deck officers to run a full timetable and "
                "currently employs eight. Its operations director, Paul Dennehy, said the "
                "company had advertised the posts three times since the spring and raised the "
                'starting salary by 9 percent. "We will not sail short-handed," he said. '
                '"Safety is not something we trade for convenience."'
            ),
            (
                "A Ledger analysis of the operator's published cancellation notices shows that "
                "two thirds of the sailings lost this autumn were evening crossings, and that "
                "the Saltmere route lost more sailings than the company's two other island "
                "routes combined."
            ),
            (
                "The transport committee, which subsidises the route, will discuss the "
                "suspension next Wednesday. Its chair, Councillor Ibrahim Osei, said he would "
                "ask the operator to consider chartering a smaller boat for the late crossing. "
                '"If the big ferry can\'t run, something should," he said.'
            ),
        ),
    },
    {
        "slug": "court-harbour-pilot-fog-warning-trawler-collision",
        "headline": "Harbour pilot was warned of fog before trawler collision, court hears",
        "dek": (
            "Prosecutors say the pilot guiding a cargo ship into Port Elin acknowledged two "
            "visibility warnings and kept going at twice the permitted speed."
        ),
        "dateline": "PORT ELIN, Carrow Coast",
        "section": "news",
        "bylines": [
            ("aisha-okonkwo-reid", "reporter"),
        ],
        "tags": ["courts", "harbour", "fisheries", "maritime safety"],
        "status": "published",
        "hours_ago": 58,
        "comments_enabled": False,
        "hero": {
            "caption": (
                "The regional court in Port Elin, where the trial is expected to last two weeks."
            ),
            "credit": "Photo: Aisha Okonkwo-Reid / The Harbour Ledger",
            "alt": (
                "The stone front of a courthouse with tall windows, seen from across a wet street."
            ),
            "colours": ("#2b2d42", "#8d99ae"),
            "motif": "grid",
        },
        "body": (
            (
                "A harbour pilot guiding a cargo ship into Port Elin last February was warned "
                "twice by radio that fog had cut visibility to under 200 metres but did not "
                "slow the vessel before it struck a moored trawler, a prosecutor told the "
                "regional court on Wednesday."
            ),
            (
                "Anders Kell, 52, denies endangering life through the negligent navigation of a "
                "vessel. The trawler, Marigold II, was holed above the waterline and partly "
                "sank at its berth. Her skipper, who was asleep below deck, escaped through a "
                "forward hatch."
            ),
            (
                "Opening the prosecution case, Hanna Lövgren said recordings from the harbour "
                "control tower showed that the duty officer radioed the pilot at 06:12 and "
                'again at 06:15 to report that the fog bank had reached the inner channel. "Mr '
                'Kell acknowledged both messages," she told the jury. "Two minutes later the '
                'Baltic Wren was still making eight knots."'
            ),
            "The jury heard that the harbour's speed limit in restricted visibility is four knots.",
            (
                "Kell's lawyer, Tobias Renn, said the defence would argue that the ship's own "
                "radar had failed shortly before the collision and that the ship's master, not "
                'the pilot, had been in control of the engines. "This case is about who held '
                'the controls in the last three minutes," Renn said. "The evidence will show it '
                'was not my client."'
            ),
            (
                "The trial is expected to last two weeks. The owners of the Marigold II, a "
                "family firm that has fished out of Port Elin since 1961, are pursuing a "
                "separate civil claim."
            ),
            "<em>Comments are closed on this story while the trial is under way.</em>",
        ),
    },
    {
        "slug": "kestrel-bay-maternity-unit-overnight-closure",
        "headline": "Kestrel Bay General to close its maternity unit overnight from March",
        "dek": (
            "Women in labour after 8 p.m. will be sent to a hospital ninety minutes away, a "
            "plan midwives say puts the coast's most remote families at risk."
        ),
        "dateline": "KESTREL BAY, Carrow Coast",
        "section": "news",
        "bylines": [
            ("samir-haddad", "reporter"),
            ("aisha-okonkwo-reid", "reporter"),
        ],
        "tags": ["health", "Kestrel Bay", "public services", "transport"],
        "status": "published",
        "hours_ago": 110,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "The maternity entrance at Kestrel Bay General, the only birth unit on the "
                "Carrow Coast."
            ),
            "credit": "Photo: Jonah Whitcombe / The Harbour Ledger",
            "alt": (
                "A hospital entrance with a lit sign reading Maternity, an empty wheelchair "
                "beside the sliding doors."
            ),
            "colours": ("#5e548e", "#e0b1cb"),
            "motif": "grid",
        },
        "body": (
            (
                "The only maternity unit on the Carrow Coast will stop admitting women "
                "overnight from March, the regional health board confirmed on Friday, in a "
                "change it describes as temporary but which midwives fear will become "
                "permanent."
            ),
            (
                "Under the plan, the unit at Kestrel Bay General will handle births between 8 "
                "a.m. and 8 p.m. only. Outside those hours, women in labour will be directed to "
                "the university hospital in Aldbury, about ninety minutes' drive from Port Elin "
                "in good weather and considerably longer from the islands."
            ),
            (
                "The health board said it had been unable to fill four of the unit's eleven "
                "midwife posts and could no longer guarantee safe staffing through the night. "
                '"We would rather run a reliable daytime service than an unreliable '
                'round-the-clock one," its medical director, Dr. Fiona Achterberg, said in a '
                "statement."
            ),
            (
                "Figures obtained by The Harbour Ledger under freedom-of-information rules show "
                "that 212 babies were born at the unit last year. Seventy-one of them arrived "
                "between 8 p.m. and 8 a.m., roughly one birth in three."
            ),
            (
                "Grace Mbeki, who has worked as a midwife at the unit for fourteen years, said "
                'the plan ignored geography. "On a winter night with the coast road shut, '
                'Aldbury might as well be on the moon," she said. "We will end up delivering '
                'babies in the back of ambulances in lay-bys."'
            ),
            (
                "The health board said it would station an additional ambulance at Kestrel Bay "
                "overnight and review the arrangement after six months. A public meeting is "
                "planned for the 14th at the town's community hall."
            ),
        ),
    },
    {
        "slug": "carrow-water-fined-sewage-spills-beaches",
        "headline": "Carrow Water fined 1.4 million euros after sewage spills closed three beaches",
        "dek": (
            "A judge said the utility had treated its overflow alarms as background noise "
            "during a summer of repeated discharges."
        ),
        "dateline": "PORT ELIN, Carrow Coast",
        "section": "news",
        "bylines": [
            ("mara-lindqvist", "reporter"),
        ],
        "tags": ["water quality", "courts", "beaches", "pollution"],
        "status": "published",
        "hours_ago": 240,
        "comments_enabled": True,
        "hero": {
            "caption": "A closure notice at Tern Cove during last summer's sewage discharges.",
            "credit": "Photo: Mara Lindqvist / The Harbour Ledger",
            "alt": (
                "A red warning sign fixed to a post on an empty sandy beach, with grey sea "
                "behind it."
            ),
            "colours": ("#355070", "#eaac8b"),
            "motif": "sun",
        },
        "body": (
            (
                "The regional water company was fined 1.4 million euros on Monday for allowing "
                "untreated sewage to flow into the sea on at least nineteen days last summer, "
                "forcing the closure of three of the Carrow Coast's busiest beaches during the "
                "school holidays."
            ),
            (
                "Carrow Water had pleaded guilty to four offences under its environmental "
                "permits. The court heard that a pumping station at Greyhaven ran for eleven "
                "weeks with one of its two pumps broken, and that alarms warning of overflows "
                "were triggered more than 300 times in that period without a crew being sent "
                "out."
            ),
            (
                "Passing sentence, Judge Miriam Osterhout said the company had treated its "
                'alarm system "as background noise rather than as a warning." She added that '
                'the people who swim, fish and work along the coast "were entitled to expect '
                'better from the company paid to protect their water."'
            ),
            (
                "Beaches at Greyhaven, Tern Cove and the southern end of Kestrel Bay were "
                "closed for a combined 46 days. Beach cafés and surf schools told the Ledger at "
                "the time that their takings had fallen by as much as half during the closures."
            ),
            (
                "In a statement, Carrow Water's chief executive, Martin Hale, apologised and "
                "said both pumps at Greyhaven had since been replaced and six additional field "
                'engineers hired. "We accept the court\'s judgment in full," he said.'
            ),
            (
                "Campaigners from the group Clean Carrow said the fine amounted to less than "
                "three weeks of the company's annual profit. \"Until the penalties hurt more "
                'than the repairs would have cost, nothing fundamental will change," said its '
                "coordinator, Eoin Prask."
            ),
        ),
    },
    {
        "slug": "council-harbour-budget-sea-wall-unfunded",
        "headline": "Council passes harbour budget but leaves sea wall repairs unfunded",
        "dek": (
            "Councillors approved 18.6 million euros of harbour spending, but deferred a 3.2 "
            "million euro plan to rebuild the Quay Street wall for a third year."
        ),
        "dateline": "PORT ELIN, Carrow Coast",
        "section": "politics",
        "bylines": [
            ("tomas-ferreira", "reporter"),
        ],
        "tags": ["council", "budget", "harbour", "sea wall"],
        "status": "published",
        "hours_ago": 150,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "Councillors debate the harbour budget in the Port Elin council chamber on "
                "Thursday."
            ),
            "credit": "Photo: Jonah Whitcombe / The Harbour Ledger",
            "alt": (
                "Councillors seated at a horseshoe of desks under a painted ceiling, one of "
                "them standing to speak."
            ),
            "colours": ("#3d405b", "#f2cc8f"),
            "motif": "grid",
        },
        "body": (
            (
                "Port Elin's town council approved next year's harbour budget on Thursday night "
                "by eleven votes to six, after a three-hour debate in which the state of the "
                "town's ageing sea wall came up more often than any other item on the agenda."
            ),
            (
                "The 18.6 million euro budget pays for a new ice plant at the fish market, "
                "resurfacing of the north pier and a two-year extension of free berthing for "
                "small-boat fishers. It does not include the 3.2 million euros that engineers "
                "say is needed to rebuild the most fragile section of the wall, at Quay Street."
            ),
            (
                "Councillor Ruth Abernethy, who chairs the finance committee, said the repairs "
                "had been deferred because the council was still waiting to hear whether the "
                "regional assembly would cover half of the cost from its coastal resilience "
                'fund. "If we pay for it ourselves now, we give up any chance of that money," '
                'she said. "That is not prudence. It is waste."'
            ),
            (
                'Opposition councillors argued that the town could not afford to wait. "We have '
                'a survey on file telling us this wall is in poor condition," said Councillor '
                'Dara Flynn, whose ward includes the lower town. "Every winter we put it off, '
                'we are betting the sea will be patient. The sea is not patient."'
            ),
            (
                "An amendment tabled by Flynn to move 1.5 million euros from the pier "
                "resurfacing into an emergency repair reserve was defeated by ten votes to "
                "seven."
            ),
            (
                "The regional assembly is expected to announce its coastal resilience grants in "
                "the spring. A spokesperson said Port Elin's application was \"under "
                'consideration alongside fourteen others."'
            ),
        ),
    },
    {
        "slug": "recall-petition-mayor-brandt-housing-permits",
        "headline": (
            "Recall petition against Mayor Brandt clears threshold over holiday-let permits"
        ),
        "dek": (
            "Organisers say the mayor fast-tracked holiday-let conversions while the town's "
            "social housing waiting list doubled."
        ),
        "dateline": "PORT ELIN, Carrow Coast",
        "section": "politics",
        "bylines": [
            ("tomas-ferreira", "reporter"),
        ],
        "tags": ["council", "housing", "elections"],
        "status": "published",
        "hours_ago": 80,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "Volunteers collect signatures for the recall petition at the Saturday market "
                "in Port Elin."
            ),
            "credit": "Photo: Jonah Whitcombe / The Harbour Ledger",
            "alt": (
                "Two women at a folding table with clipboards talk to shoppers in a busy market "
                "square."
            ),
            "colours": ("#6d597a", "#ffb4a2"),
            "motif": "hills",
        },
        "body": (
            (
                "A petition calling for a recall vote against Port Elin's mayor, Celia Brandt, "
                "has gathered enough valid signatures to force a referendum, the town's "
                "electoral officer confirmed on Monday."
            ),
            (
                "The petition, organised by a residents' group called Homes for Elin, needed "
                "the signatures of 10 percent of registered voters, or 1,742 people. The "
                "electoral officer verified 2,016 after discarding duplicates and signatures "
                "from outside the town."
            ),
            (
                "The campaign centres on a rule change Brandt introduced eighteen months ago "
                "that allowed owners to convert houses in the old town into short-term holiday "
                "lets without a full planning hearing. Council records show that 143 such "
                "conversions were approved in the scheme's first year, against 19 in the year "
                "before it."
            ),
            (
                "Over the same period, the number of households on the town's social housing "
                "waiting list rose from 310 to 628."
            ),
            (
                '"Our children are growing up here and cannot afford to stay," said Moira '
                "Lachlan, a primary school teacher who collected signatures outside the "
                'Saturday market. "This is not about one person. It is about whether this town '
                'is for the people who live in it."'
            ),
            (
                "Brandt, who was re-elected two years ago with 54 percent of the vote, said she "
                'would contest the recall "with confidence." In a statement, she said the '
                "scheme had brought badly needed visitor spending into the old town, and noted "
                "that she had already proposed capping new conversions at 40 a year."
            ),
            (
                "The referendum must be held within 90 days. If a majority votes to recall the "
                "mayor, a by-election would follow within two months."
            ),
        ),
    },
    {
        "slug": "carrow-delegation-brussels-small-boat-cod-quota",
        "headline": (
            "Carrow delegation in Brussels asks for small-boat exemption from cod quota cut"
        ),
        "dek": (
            "Regional leaders say boats under twelve metres land less than a tenth of the "
            "coast's cod but would bear the sharpest share of the cut."
        ),
        "dateline": "BRUSSELS, Belgium",
        "section": "politics",
        "bylines": [
            ("tomas-ferreira", "reporter"),
            ("samir-haddad", "contributor"),
        ],
        "tags": ["fisheries", "EU", "Saltmere", "quotas"],
        "status": "published",
        "hours_ago": 200,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "Members of the Carrow Coast delegation outside the European Commission's "
                "Berlaymont building."
            ),
            "credit": "Photo: Tomás Ferreira / The Harbour Ledger",
            "alt": (
                "A group of six people in winter coats stands in front of a large glass office "
                "building."
            ),
            "colours": ("#003049", "#fcbf49"),
            "motif": "grid",
        },
        "body": (
            (
                "A delegation of politicians and fishers from the Carrow Coast spent two days "
                "in Brussels this week lobbying for small boats to be exempted from a proposed "
                "cut to next year's cod quota, which they say would put several island fleets "
                "out of business."
            ),
            (
                "The proposal, drawn up on the basis of new stock assessments, would reduce the "
                "permitted cod catch in the region's waters by 22 percent. Under the current "
                "allocation rules, the cut would fall proportionally on every licence holder, "
                "whatever the size of the vessel."
            ),
            (
                '"A nine-metre boat with two crew does not fish like a factory trawler, and it '
                'should not be regulated like one," said Declan Moyes, chair of the Saltmere '
                "Fishermen's Cooperative, who joined the delegation. According to figures the "
                "cooperative presented to officials, boats under twelve metres make up 70 "
                "percent of the registered fleet on the Carrow Coast but land about 8 percent "
                "of its cod by weight."
            ),
            (
                "The delegation, led by the regional assembly's fisheries spokesperson, Katrin "
                "Hollis, met officials from the Commission's fisheries directorate and several "
                "members of the European Parliament's fisheries committee. Hollis described the "
                'meetings as "constructive but non-committal."'
            ),
            (
                "Marine scientists have broadly supported the cut. An assessment published in "
                "the autumn found that the spawning stock of cod in the region's waters had "
                "fallen to its lowest level in fifteen years. Environmental groups warned that "
                "a small-boat exemption could become a loophole if larger operators began "
                "landing catches through smaller vessels."
            ),
            (
                "A final decision on next year's quotas is expected when fisheries ministers "
                "meet in December."
            ),
        ),
    },
    {
        "slug": "washington-summit-sea-level-data-small-ports",
        "headline": "At a Washington summit on sea-level data, small ports ask to be counted",
        "dek": (
            "Harbour officials from a dozen coastal towns, Port Elin among them, say global "
            "flood models still miss the places that will flood first."
        ),
        "dateline": "WASHINGTON DC, United States",
        "section": "politics",
        "bylines": [
            ("samir-haddad", "reporter"),
        ],
        "tags": ["climate", "flooding", "harbour", "data"],
        "status": "published",
        "hours_ago": 330,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "Ingrid Solberg, harbour master of Port Elin, speaks at the ocean observation "
                "conference in Washington."
            ),
            "credit": "Photo: Samir Haddad / The Harbour Ledger",
            "alt": (
                "A woman at a lectern points to a projected photograph of a flooded street "
                "behind her."
            ),
            "colours": ("#0b132b", "#5bc0be"),
            "motif": "grid",
        },
        "body": (
            (
                "Ingrid Solberg had four minutes at the microphone, and she spent the first of "
                'them showing a photograph of a flooded street. "This is Quay Street in Port '
                'Elin," the harbour master told a room of scientists and officials at an '
                'international conference on ocean observation on Tuesday. "On your maps, it '
                'does not exist."'
            ),
            (
                "Solberg was one of twelve harbour officials from small coastal towns invited "
                "to a session on what the organisers called the last mile of sea-level data: "
                "the gap between the satellite measurements that feed global climate models and "
                "the local conditions that decide whether a particular street floods."
            ),
            (
                "Several speakers said most global flood projections work on grid cells several "
                "kilometres wide, too coarse to capture the shape of a harbour, the height of "
                "an individual sea wall or the way a storm surge funnels into a narrow bay. "
                "Towns of fewer than 20,000 people rarely have tide gauges of their own."
            ),
            (
                '"Big ports have engineers and models built just for them. Small ports have a '
                'tide table and a long memory," said Dr. Amara Castellanos, a coastal '
                "oceanographer who chaired the session. She urged funders to pay for low-cost "
                "tide sensors that small harbours could install and maintain themselves."
            ),
            (
                "Port Elin installed its own gauge in 2019 with a grant from a marine research "
                "charity. Solberg said its records showed that the ten highest water levels "
                "measured in the harbour had all occurred in the past five years."
            ),
            (
                "The conference closed on Wednesday with a statement calling for a shared, open "
                "database of local tide readings. It did not commit any money to building one."
            ),
        ),
    },
    {
        "slug": "interview-ingrid-solberg-harbour-master",
        "headline": (
            "'We keep rebuilding the same wall': Port Elin's harbour master on the next twenty "
            "years"
        ),
        "dek": (
            "Ingrid Solberg has run the harbour through eight winters of worsening storms. She "
            "says the town must decide what it is willing to give back to the sea."
        ),
        "dateline": "PORT ELIN, Carrow Coast",
        "section": "environment",
        "bylines": [
            ("mara-lindqvist", "interviewer"),
            ("jonah-whitcombe", "photographer"),
        ],
        "tags": ["harbour", "flooding", "climate", "sea wall", "interviews"],
        "status": "published",
        "hours_ago": 46,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "Ingrid Solberg in the harbour control tower, which looks over the inner "
                "harbour and the Quay Street wall."
            ),
            "credit": "Photo: Jonah Whitcombe / The Harbour Ledger",
            "alt": (
                "A woman in a navy fleece stands at a wide window holding binoculars, with "
                "moored fishing boats below."
            ),
            "colours": ("#023e8a", "#90e0ef"),
            "motif": "sun",
        },
        "body": (
            (
                "Ingrid Solberg became Port Elin's harbour master eight years ago, after two "
                "decades as an officer in the merchant navy. Since then she has overseen the "
                "installation of the town's first tide gauge, closed the outer harbour on a "
                "growing number of winter nights and carried on a long argument with the town "
                "council about the state of the sea wall."
            ),
            (
                "Solberg, 51, grew up on Saltmere, where her father fished for crab. She is one "
                "of a handful of harbour officials from small ports who have been invited to "
                "speak at international meetings on sea-level data, because Port Elin is one of "
                "the few towns its size that measures its own tides."
            ),
            (
                "Last week the council deferred repairs to the most fragile stretch of the "
                "wall, at Quay Street, for a third year."
            ),
            (
                "She spoke to The Harbour Ledger about rising water, the choices facing the "
                "lower town and why she believes a working fishing fleet is not negotiable."
            ),
        ),
        "interview": {
            "intro": (
                "What follows is a transcript of the interview with Ingrid Solberg, recorded in "
                "her office in the harbour control tower. Questions are from The Harbour "
                "Ledger."
            ),
            "recorded_at": "Harbour control tower, Port Elin",
            "recorded_days_ago": 5,
            "participants": [
                {
                    "name": "The Harbour Ledger",
                    "label": "Ledger",
                    "role": "Interviewer",
                    "is_interviewer": True,
                },
                {
                    "name": "Ingrid Solberg",
                    "label": "Solberg",
                    "role": "Harbour master of Port Elin",
                    "is_interviewer": False,
                },
            ],
            "turns": [
                {
                    "speaker": "Ledger",
                    "text": (
                        "You have been harbour master for eight years. What has changed most in "
                        "that time?"
                    ),
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "The winters. When I started, we closed the outer harbour for weather "
                        "perhaps twice a season. Last winter we closed it eleven times. The "
                        "boats are the same and the quays are the same, but the sea we deal "
                        "with is not."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "Could that just be bad luck, a run of stormy years?",
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "I wish it were. Our tide gauge has been running since 2019, and the "
                        "highest readings we have ever recorded are all recent. Bad luck does "
                        "not keep climbing like that. The water starts higher now, so an "
                        "ordinary storm does what a severe one used to."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "timecode": "06:40",
                    "text": (
                        "The council has deferred repairs to the Quay Street wall again. Were "
                        "you consulted?"
                    ),
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "I gave evidence to the finance committee, yes. I told them what I tell "
                        "them every year: the wall is seventy years old, it was designed for a "
                        "different sea, and the survey says it is in poor condition. What they "
                        "do with that is their decision, not mine."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "Does that frustrate you?",
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "Frustrate is a polite word. But I understand the arithmetic. A town "
                        "this size has one budget, and the wall competes with the schools, the "
                        "roads and the care home. What frustrates me more is that we talk about "
                        "the wall as if fixing it solves the problem."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "Doesn't it?",
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "It buys time. If we rebuild it to the same height, we will be having "
                        "this conversation again in fifteen years. If we build it a metre "
                        "higher, we cut the old town off from the harbour it was built around. "
                        "Every option has a cost, and some of the costs are not measured in "
                        "euros."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "What would you do if the decision were yours alone?",
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "I would stop treating the lower town as a line to be held at any "
                        "price. Some of the buildings nearest the water could be adapted so "
                        "they can flood and recover: ground floors for boat storage and "
                        "workshops, not bedrooms. That is not surrender. Plenty of harbour "
                        "towns have lived with water in the street for centuries."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": (
                        "That means asking people to change homes their families have lived in "
                        "for generations."
                    ),
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "It means asking some people to change how they live in them, and "
                        "paying them fairly to do it. I know how that sounds. But the "
                        "alternative is that the sea makes the decision for us, on a night in "
                        "January, with no compensation scheme at all."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "timecode": "14:05",
                    "text": "How do the fishers feel about all this?",
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "They are more practical than anyone, because they see the water every "
                        "day. What they fear is not change. It is being forgotten in it: that "
                        "the harbour gets redesigned for yachts and cruise tenders, and the "
                        "working boats end up at the far end of the north pier with no ice and "
                        "no crane."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "Is that a real risk?",
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "It is a real temptation. Visitor berths pay well and complain less. "
                        "But a harbour without a fleet is a car park with a view. The fishing "
                        "boats are the reason this town exists, and I say so to every developer "
                        "who comes through my door."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": (
                        "You have been invited to speak about small-port data abroad. Why does "
                        "a harbour this size get that attention?"
                    ),
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "Because we measure things. Most harbours our size have no gauge at all "
                        "and rely on predictions made for a port a hundred kilometres away. Our "
                        "numbers are modest, but they are ours, and they show what the big "
                        "models miss. That makes us useful to the people who build the models."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "What do the models miss?",
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "The shape of the place. Port Elin sits at the narrow end of a "
                        "funnel-shaped bay, so a surge piles up higher here than on the open "
                        "coast. A regional model sees a smooth coastline. We see the street "
                        "where the water comes up through the drains before it ever comes over "
                        "the wall."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "Do you talk about any of this at home?",
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "My daughter is fourteen. Last winter she asked whether our house would "
                        "be underwater by the time she is my age. I told her the truth, which "
                        "is that it depends on decisions people make in the next ten years, "
                        "including decisions made in the council chamber."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "timecode": "27:30",
                    "text": (
                        "If someone in the lower town is reading this, what should they do this "
                        "winter?"
                    ),
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "Sign up for the council's flood alerts, keep important papers upstairs "
                        "and know your neighbours, especially the older ones. In every flood I "
                        "have worked through, the first help came from the person next door, "
                        "not from us."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "Last question. Are you optimistic?",
                },
                {
                    "speaker": "Solberg",
                    "text": (
                        "I am stubborn, which is more useful. This town has survived fires, a "
                        "cholera outbreak and the collapse of the herring fishery. It can "
                        "survive this as well, but not by pretending the sea is the same one "
                        "our grandparents knew."
                    ),
                },
            ],
        },
    },
    {
        "slug": "dunmore-head-kelp-forest-recovering",
        "headline": "Kelp forest off Dunmore Head is recovering faster than scientists expected",
        "dek": (
            "Five years after a trawling ban, divers found kelp growing again across more than "
            "half of the seabed it had vanished from."
        ),
        "dateline": "DUNMORE HEAD, Carrow Coast",
        "section": "environment",
        "bylines": [
            ("mara-lindqvist", "reporter"),
            ("jonah-whitcombe", "photographer"),
        ],
        "tags": ["marine life", "climate", "fisheries", "science"],
        "status": "published",
        "hours_ago": 130,
        "comments_enabled": True,
        "hero": {
            "caption": "Kelp fronds in one of the survey plots off Dunmore Head in September.",
            "credit": "Photo: Jonah Whitcombe / The Harbour Ledger",
            "alt": (
                "Tall golden-brown kelp fronds rise towards the bright surface of green water, "
                "with a diver's silhouette behind them."
            ),
            "colours": ("#1b4332", "#95d5b2"),
            "motif": "hills",
        },
        "body": (
            (
                "Five years after a trawling ban came into force off Dunmore Head, divers from "
                "the Carrow Marine Station have found kelp growing across more than half of the "
                "seabed it had disappeared from, a recovery that researchers say has outpaced "
                "every forecast they made."
            ),
            (
                "The team surveyed 48 fixed plots along a six-kilometre stretch of coast in "
                "September. Kelp was present in 27 of them, up from 6 when the ban began. In "
                "the densest plots, the stalks were more than two metres tall."
            ),
            (
                '"We thought we would be counting seedlings for a decade," said Dr. Priya '
                'Nandakumar, the marine ecologist who leads the survey. "Instead we are '
                "swimming through something that looks like a forest again. It was the most "
                'hopeful dive of my career."'
            ),
            (
                "Kelp beds shelter young fish and shellfish, and they absorb some of the energy "
                "of waves before they reach the shore. Scientists believe the forest off "
                "Dunmore Head was largely destroyed in the 1990s by bottom trawling, followed "
                "by a boom in sea urchins that grazed what was left."
            ),
            (
                "The recovery has also brought back species that local fishers had not seen for "
                "years. Lobster potters working the edge of the protected zone say their "
                "catches have improved, although the station cautions that it has not yet "
                "measured that effect formally."
            ),
            (
                "<strong>Not everyone is convinced the gains will last.</strong> Marine "
                "heatwaves, which have become more frequent in the region, can kill kelp within "
                'weeks, and a single hot summer could undo much of the progress. "Protection '
                'gives the forest a chance," Nandakumar said. "It does not make it invincible."'
            ),
            (
                "The regional assembly is due to decide next year whether to extend the "
                "protected area south towards Greyhaven."
            ),
        ),
    },
    {
        "slug": "saltmere-offshore-wind-plan-divides-fishing-families",
        "headline": "Offshore wind plan divides Saltmere's fishing families",
        "dek": (
            "A developer promises sixty permanent jobs on the island. Some of the men who fish "
            "the bank where the turbines would stand say the price is their livelihood."
        ),
        "dateline": "SALTMERE, Carrow Coast",
        "section": "environment",
        "bylines": [
            ("mara-lindqvist", "reporter"),
        ],
        "tags": ["energy", "wind power", "fisheries", "Saltmere", "jobs"],
        "status": "published",
        "hours_ago": 210,
        "updated_hours_ago": 190,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "Crab boats in Saltmere harbour. The proposed wind farm would stand on a bank "
                "about 25 kilometres west of the island."
            ),
            "credit": "Photo: Mara Lindqvist / The Harbour Ledger",
            "alt": (
                "A handful of small fishing boats moored in a stone harbour under a low winter sun."
            ),
            "colours": ("#264653", "#e9c46a"),
            "motif": "sun",
        },
        "body": (
            (
                "On the quay at Saltmere, where the island's fleet of fourteen boats ties up, "
                "you can find an opinion about the wind farm planned for the waters to the west "
                "in almost any direction you turn."
            ),
            (
                "The project, proposed by the developer Greywater Offshore, would place 46 "
                "turbines on a bank about 25 kilometres from the island, generating enough "
                "electricity, the company says, for roughly 400,000 homes. A public "
                "consultation closes at the end of the month."
            ),
            (
                '"That bank is where my father fished and where I fish," said Callum Reith, 44, '
                'who skippers a crab boat with his nephew. "They tell us we can still work '
                "between the turbines. I have seen the cable maps. I would not take a boat in "
                'there on a bad night."'
            ),
            (
                "Others on the island see it differently. Greywater has promised to base its "
                "maintenance operation on Saltmere, with up to 60 permanent jobs, and to pay "
                "for a new breakwater in the island's harbour. \"My sons left because there was "
                "nothing here for them,\" said Aileen Reith, Callum's cousin, who runs the "
                "island's only guest house. \"Sixty jobs is the difference between a school that "
                'stays open and one that closes."'
            ),
            (
                "The Saltmere Fishermen's Cooperative has asked the developer to commit to a "
                "compensation fund for boats that lose access to their grounds during "
                'construction. After this story was first published, Greywater said it was "in '
                'active discussions" with the cooperative and would publish a fisheries liaison '
                "plan before submitting its final application."
            ),
            "The regional assembly will make the final planning decision, expected late next year.",
            "<em>This story was updated to include the developer's response on compensation.</em>",
        ),
    },
    {
        "slug": "why-carrow-bay-is-warmer-than-ever",
        "headline": "Why the bay is warmer than at any time on record, and what it means",
        "dek": (
            "Sea temperatures in Carrow Bay hit a new high in August. We asked the scientists "
            "who measure them what is driving it."
        ),
        "dateline": "PORT ELIN, Carrow Coast",
        "section": "environment",
        "bylines": [
            ("mara-lindqvist", "reporter"),
            ("samir-haddad", "contributor"),
        ],
        "tags": ["climate", "science", "marine life", "water quality"],
        "status": "published",
        "hours_ago": 280,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "A temperature buoy operated by the Carrow Marine Station, two kilometres off "
                "Port Elin."
            ),
            "credit": "Photo: Carrow Marine Station",
            "alt": "A yellow instrument buoy with a small solar panel floats on a calm, hazy sea.",
            "colours": ("#9d0208", "#ffba08"),
            "motif": "sun",
        },
        "body": (
            (
                "<p>Sea temperatures in Carrow Bay averaged 17.8C in August, the highest "
                "monthly figure since the Carrow Marine Station began taking daily readings in "
                "1987. Here is what we know about why, and what it could mean for the "
                "coast.</p>"
            ),
            "<h2>How much warmer is it?</h2>",
            (
                "<p>The August average was 1.9 degrees above the norm for the month over the "
                "period from 1991 to 2020. That may not sound like much, but in ocean terms it "
                "is large. The bay holds an enormous amount of heat, and raising its average "
                "temperature by almost two degrees takes a sustained input of energy over many "
                "weeks.</p>"
            ),
            "<h2>Why has it happened?</h2>",
            (
                "<p>Scientists at the marine station point to three overlapping causes. The "
                "long-term warming of the oceans sets the baseline. On top of that, an "
                "unusually long spell of calm, sunny weather in July meant the surface layer "
                "was not mixed with the colder water beneath it. And a weakening of the current "
                "that normally carries cooler water into the bay from the north left the warm "
                "water where it was.</p>"
            ),
            (
                '<blockquote><p>"Any one of those would give you a warm summer. All three at '
                'once gives you a record."</p></blockquote>'
            ),
            (
                "<p>That was how Dr. Priya Nandakumar, a marine ecologist at the station, "
                "summed it up.</p>"
            ),
            "<h2>What does it mean for wildlife?</h2>",
            (
                "<p>Warm water holds less oxygen, and some species are already on the move. "
                "Fishers have reported landing anchovy and squid, once rare this far north, "
                "while cod, which prefer colder water, are being found deeper and further "
                "offshore. The kelp forest off Dunmore Head, which has been regrowing since "
                "trawling was banned there, is vulnerable too: kelp starts to die back when the "
                "water stays above about 20C for long periods.</p>"
            ),
            "<h2>Will it happen again?</h2>",
            (
                "<p>Almost certainly, though not necessarily next year. The station's "
                "projections suggest that a summer like this one, which would have been "
                "expected about once a century in the climate of the 1980s, could come round "
                "every few years by the 2040s.</p>"
            ),
            (
                "<p>The station publishes its daily readings on <a "
                'href="https://marinestation.example/data">its open data page</a>.</p>'
            ),
        ),
    },
    {
        "slug": "lisbon-salt-marsh-lessons-carrow-planners",
        "headline": "In Lisbon, Carrow planners study how salt marshes can hold back the tide",
        "dek": (
            "Engineers and a village leader from Greyhaven visited the Tagus estuary to see "
            "whether giving land back to the sea could protect their coast."
        ),
        "dateline": "LISBON, Portugal",
        "section": "environment",
        "bylines": [
            ("mara-lindqvist", "reporter"),
            ("samir-haddad", "translator"),
        ],
        "tags": ["flooding", "wetlands", "climate", "sea wall"],
        "status": "published",
        "hours_ago": 470,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "Planners from the Carrow Coast on a boardwalk across restored marsh on the "
                "southern bank of the Tagus."
            ),
            "credit": "Photo: Mara Lindqvist / The Harbour Ledger",
            "alt": (
                "People in rain jackets walk along a wooden boardwalk through green and ochre "
                "marsh grass towards a distant city skyline."
            ),
            "colours": ("#606c38", "#dda15e"),
            "motif": "hills",
        },
        "body": (
            (
                "On the southern bank of the Tagus estuary, a boardwalk crosses a stretch of "
                "marsh that fifteen years ago was a disused industrial site. This week it "
                "served as a classroom for six planners and engineers from the Carrow Coast, "
                "who travelled to Portugal to see whether an approach known as managed "
                "realignment could protect villages such as Greyhaven."
            ),
            (
                "The idea is simple in principle. Instead of building ever higher walls, "
                "planners let the sea back onto low-lying land in a controlled way, allowing "
                "marshes to form that absorb wave energy and hold floodwater during storms. "
                "Marsh plants also trap sediment, so a healthy marsh can rise as the sea does."
            ),
            (
                '"A concrete wall is at its strongest on the day it is finished and gets weaker '
                'every year after that," said Joana Serrano, a coastal engineer with the '
                'municipal authority who led the visit. "A marsh, if you give it room, gets '
                'stronger."'
            ),
            (
                "The Carrow group included two engineers from the regional assembly and the "
                "chair of Greyhaven's parish council, Tom Ashdown, whose village of 400 people "
                "sits behind an earth embankment that has been breached twice in the past "
                'decade. "What we have seen here is persuasive," Ashdown said. "But this is a '
                "huge estuary with land to spare. We have farms right up to the embankment, and "
                'the farmers will want to know exactly what they are being asked to give up."'
            ),
            (
                "Serrano said the first projects on the Tagus had met similar resistance, and "
                "that the most important lesson was to involve landowners from the very start. "
                "Several farmers near the site now lease grazing rights on the marsh."
            ),
            (
                "The regional assembly is expected to publish a shoreline management plan for "
                "the Greyhaven area next spring. Officials said managed realignment would be "
                '"one of the options assessed."'
            ),
        ),
    },
    {
        "slug": "low-water-shipyard-stage-tidewrack-theatre",
        "headline": "A shipyard becomes a stage as 'Low Water' opens in Port Elin's old boat shed",
        "dek": (
            "Tidewrack Theatre's new play, built from interviews with the yard's former "
            "workers, is performed around a hull that has not moved since 1988."
        ),
        "dateline": "PORT ELIN, Carrow Coast",
        "section": "culture",
        "bylines": [
            ("lena-varga", "reporter"),
            ("jonah-whitcombe", "photographer"),
        ],
        "tags": ["theatre", "arts", "heritage", "harbour"],
        "status": "published",
        "hours_ago": 96,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "The cast of 'Low Water' rehearses inside the unfinished hull in the former "
                "Harrow & Sons boat shed."
            ),
            "credit": "Photo: Jonah Whitcombe / The Harbour Ledger",
            "alt": (
                "Three actors stand between the wooden ribs of a large unfinished boat, lit "
                "from below in an otherwise dark shed."
            ),
            "colours": ("#3c1642", "#f4a261"),
            "motif": "rings",
        },
        "body": (
            (
                "The audience comes in through the same doors the shipwrights used, past a "
                "wooden hull that has sat on its cradle since the yard closed in 1988. By the "
                'time the lights go down on "Low Water," the new play from the Carrow Coast '
                "company Tidewrack Theatre, it is hard to say where the set ends and the "
                "building begins."
            ),
            (
                "The play follows three generations of a boatbuilding family through a single "
                "night in 1987, the winter before the Harrow & Sons yard laid off its last "
                "forty workers. It was written by Orla Keane, whose grandfather worked at the "
                "yard for thirty-one years, and draws on interviews she recorded with former "
                "employees over two years."
            ),
            (
                '"I wanted people to hear how they actually talked: the jokes, the swearing, '
                'the technical words nobody outside the yard would know," Keane said before '
                "Friday's opening. \"Half the audience tonight will be people who worked here, "
                'or their children. They will know if I got it wrong."'
            ),
            (
                "The production makes full use of the shed's scale. Scenes move between a "
                "family kitchen built on a raised platform, the open floor of the yard and, in "
                "the play's most striking moment, the inside of the unfinished hull itself, lit "
                "from within so that its ribs throw long shadows across the seats."
            ),
            (
                "Tickets for the four-week run sold out within days, and the company is talking "
                "to the harbour authority, which owns the shed, about adding performances in "
                "the spring. The building is due to become a marine engineering training centre "
                "in 2027."
            ),
        ),
    },
    {
        "slug": "interview-calloway-marr-forgotten-fishing-songs",
        "headline": "Ruairi Calloway and Elsa Marr on the songs the fishing fleet forgot",
        "dek": (
            "An archivist found a box of tapes of fishermen singing. A fiddler from Saltmere "
            "found his own family in one of the songs."
        ),
        "dateline": "PORT ELIN, Carrow Coast",
        "section": "culture",
        "bylines": [
            ("lena-varga", "interviewer"),
            ("jonah-whitcombe", "photographer"),
        ],
        "tags": ["music", "heritage", "arts", "interviews", "Saltmere"],
        "status": "published",
        "hours_ago": 180,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "Ruairi Calloway and Elsa Marr in the reading room of the Carrow Folk Archive."
            ),
            "credit": "Photo: Jonah Whitcombe / The Harbour Ledger",
            "alt": (
                "A man holding a fiddle and a woman in reading glasses sit at a long table "
                "stacked with reel-to-reel tape boxes."
            ),
            "colours": ("#432818", "#ffe6a7"),
            "motif": "rings",
        },
        "body": (
            (
                "Two years ago, an archivist in Port Elin opened a cardboard box of "
                "reel-to-reel tapes that had sat unlabelled for half a century. On them were "
                "nearly twenty hours of fishermen singing work songs, ballads and comic verses, "
                "most of which had not been performed in public for decades."
            ),
            (
                "Elsa Marr, who runs the Carrow Folk Archive, took the tapes to Ruairi "
                "Calloway, a fiddler and singer from Saltmere whose own family, it turned out, "
                'was the subject of one of the songs. The result is "The Herring Years," an '
                "album of twenty songs from the collection, released this month."
            ),
            (
                "Calloway, 38, has played in the region's pub sessions since he was a teenager. "
                "Marr, 56, has spent most of her career cataloguing the archive's collection of "
                "letters, photographs and recordings from the coast."
            ),
            "The Harbour Ledger spoke to them both at the archive, surrounded by the reels.",
        ),
        "interview": {
            "intro": (
                "What follows is a transcript of the interview with Ruairi Calloway and Elsa "
                "Marr, recorded in the reading room of the Carrow Folk Archive. Questions are "
                "from The Harbour Ledger."
            ),
            "recorded_at": "Carrow Folk Archive, Port Elin",
            "recorded_days_ago": 9,
            "participants": [
                {
                    "name": "The Harbour Ledger",
                    "label": "Ledger",
                    "role": "Interviewer",
                    "is_interviewer": True,
                },
                {
                    "name": "Ruairi Calloway",
                    "label": "Calloway",
                    "role": "Fiddler and songwriter from Saltmere",
                    "is_interviewer": False,
                },
                {
                    "name": "Elsa Marr",
                    "label": "Marr",
                    "role": "Archivist, Carrow Folk Archive",
                    "is_interviewer": False,
                },
            ],
            "turns": [
                {
                    "speaker": "Ledger",
                    "text": "How did this project begin?",
                },
                {
                    "speaker": "Marr",
                    "text": (
                        'With a box nobody had opened since 1974. It was labelled "tapes, '
                        'misc." and sat under a table in our reading room. Inside were forty '
                        "reel-to-reel tapes made by a schoolteacher who went round the harbours "
                        "in the early sixties asking old fishermen to sing for him."
                    ),
                },
                {
                    "speaker": "Calloway",
                    "text": (
                        'And Elsa rang me the day she played the first one. She said, "There is '
                        "a man on this tape singing about your great-grandfather's boat.\" I "
                        "assumed she was winding me up."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "Was she?",
                },
                {
                    "speaker": "Calloway",
                    "text": (
                        "No. The boat was the Grace Calloway, and the song is about the night "
                        "she ran aground off Saltmere in 1911. Nobody in my family had ever "
                        "heard it. We knew the boat existed, we had a photograph of her, but "
                        "the song had simply gone."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "How does a song disappear like that?",
                },
                {
                    "speaker": "Marr",
                    "text": (
                        "Mostly it stops being useful. A lot of these songs were sung at work, "
                        "to keep time hauling nets or to pass the hours on a long trip. When "
                        "engines and winches arrived, the work changed and the songs lost their "
                        "job. A few survived at weddings and in pubs. The rest lived in the "
                        "heads of the men on those tapes, and then they didn't."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "timecode": "08:50",
                    "text": "What state were the tapes in?",
                },
                {
                    "speaker": "Marr",
                    "text": (
                        "Fragile. Tape from that era can shed its coating as it plays, so we "
                        "had to bake the reels at a low temperature before digitising them. "
                        "That sounds alarming, but it is standard practice. We lost about ten "
                        "minutes in total out of nearly twenty hours."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "Ruairi, how did you choose which songs to record?",
                },
                {
                    "speaker": "Calloway",
                    "text": (
                        "I learned about sixty of them, badly at first, and then asked myself "
                        "which ones I could not stop singing in the car. That left about "
                        "twenty. Then I dropped any I could not sing without doing an "
                        "impression of the original singer, because that felt like a kind of "
                        "theft."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "Why theft?",
                },
                {
                    "speaker": "Calloway",
                    "text": (
                        "Those men had voices shaped by sixty years of salt and tobacco. If I "
                        "copy the voice, I am wearing a costume. What I can honestly offer is "
                        "the tune and the words, carried by someone who grew up on the same "
                        "coast. The original recordings will be in the archive for anyone who "
                        "wants to hear them, and people should."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": (
                        "Elsa, does it worry you that the songs change once a modern musician "
                        "takes them on?"
                    ),
                },
                {
                    "speaker": "Marr",
                    "text": (
                        "Not really. Folk songs were always changing. The version on our tape "
                        "is one singer on one afternoon in 1962, not the definitive text. What "
                        "matters to me is that the source is documented, so anyone can go back "
                        "and hear where a song came from. Ruairi has been scrupulous about "
                        "that."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "Did any of the songs surprise you?",
                },
                {
                    "speaker": "Calloway",
                    "text": (
                        '"The Widow\'s Share." It is about how the catch was divided when a '
                        "crewman drowned: his widow received his portion for the rest of the "
                        "season. It is practically a piece of bookkeeping set to a tune, and it "
                        "is the most moving thing on the record."
                    ),
                },
                {
                    "speaker": "Marr",
                    "text": (
                        "It is also evidence. We found the same custom recorded in the harbour "
                        "board minutes from the 1890s. The song and the paperwork back each "
                        "other up, which for an archivist is about as exciting as it gets."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "timecode": "19:35",
                    "text": "Did the families of the original singers take part?",
                },
                {
                    "speaker": "Marr",
                    "text": (
                        "We traced relatives for about two thirds of the singers, and several "
                        "came in to hear the tapes. One woman heard her grandfather's voice for "
                        "the first time; he died before she was born. We had to stop for a "
                        "while."
                    ),
                },
                {
                    "speaker": "Calloway",
                    "text": (
                        "Three of those families are coming to the launch concert. I am more "
                        "nervous about singing in front of them than about any review."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": "What happens to the tapes now?",
                },
                {
                    "speaker": "Marr",
                    "text": (
                        "The digitised recordings go online, free, in the spring, with "
                        "transcriptions of the words and a note on each singer. The reels stay "
                        "in our climate-controlled store. We would like to do a second round "
                        "with tapes we suspect are sitting in people's attics, so if anyone "
                        "reading this has one, please get in touch."
                    ),
                },
                {
                    "speaker": "Ledger",
                    "text": (
                        "Last question for you both. Why should someone who has never set foot "
                        "on a fishing boat listen to this?"
                    ),
                },
                {
                    "speaker": "Calloway",
                    "text": (
                        "Because they are good songs, first of all. They are funny and angry "
                        "and sad. And they are a record of people working hard in a dangerous "
                        "place and making something beautiful out of it, which is not a bad "
                        "thing to be reminded of."
                    ),
                },
                {
                    "speaker": "Marr",
                    "text": (
                        "And because every community has songs like these sitting one box away "
                        "from being lost. If this makes someone go and ask their grandmother "
                        "what she used to sing, that is worth as much as the album."
                    ),
                },
            ],
        },
    },
    {
        "slug": "winter-lantern-festival-returns-fish-market",
        "headline": "Winter Lantern Festival returns to the old fish market after four-year gap",
        "dek": (
            "Schoolchildren across the coast have been weaving willow lanterns since October "
            "for the first procession since 2021."
        ),
        "dateline": "PORT ELIN, Carrow Coast",
        "section": "culture",
        "bylines": [
            ("lena-varga", "reporter"),
        ],
        "tags": ["festivals", "arts", "heritage"],
        "status": "published",
        "hours_ago": -48,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "Pupils at Harbour Primary School finish their lanterns for next month's "
                "procession."
            ),
            "credit": "Photo: Lena Varga / The Harbour Ledger",
            "alt": (
                "Children at a classroom table glue white tissue paper onto lanterns shaped "
                "from bent willow sticks."
            ),
            "colours": ("#22223b", "#f2e9e4"),
            "motif": "rings",
        },
        "body": (
            (
                "The Winter Lantern Festival, which once drew thousands of visitors to Port "
                "Elin on the longest night of the year, will return to the old fish market next "
                "month for the first time since 2021, its organisers announced."
            ),
            (
                "The festival was started in 1994 by a group of parents at the harbour primary "
                "school and lapsed when the market building closed for structural repairs. "
                "Those works were finished in the summer, and the harbour authority has agreed "
                "to let the festival use the hall and the quayside free of charge."
            ),
            (
                "This year's procession will leave the top of Chapel Hill at 5 p.m. and wind "
                "down to the harbour, where the lanterns, made from willow and paper by local "
                "schoolchildren, will be displayed on the fish market's old auction tables for "
                "the rest of the evening."
            ),
            (
                '"We have run lantern-making workshops in every school on the coast since '
                'October, and we have had to order more willow twice," said Bea Falkner, one of '
                "the festival's volunteer organisers. \"The children carrying lanterns this year "
                'were not born the last time it happened. For them it is completely new."'
            ),
            (
                "Organisers said they were keeping an eye on repairs to the Quay Street sea "
                "wall and would move the final display to the north pier if the quayside was "
                "not safe. Residents along the route are asked to switch off outside lights "
                "during the procession, and Chapel Hill will be closed to traffic from 4 p.m. "
                "to 9 p.m."
            ),
        ),
    },
    {
        "slug": "review-salt-daughters-harbour-playhouse",
        "headline": "Review: 'Salt Daughters' at the Harbour Playhouse is a quiet, fierce debut",
        "dek": (
            "Niamh Odell's first play, about two sisters clearing their mother's island house, "
            "trusts its silences as much as its jokes."
        ),
        "dateline": "PORT ELIN, Carrow Coast",
        "section": "culture",
        "bylines": [
            ("lena-varga", "reporter"),
        ],
        "tags": ["theatre", "arts", "reviews", "Saltmere"],
        "status": "draft",
        "hours_ago": None,
        "comments_enabled": True,
        "hero": {
            "caption": (
                "Carys Penhallow and Ife Adeyemi in 'Salt Daughters' at the Harbour Playhouse."
            ),
            "credit": "Photo: Harbour Playhouse",
            "alt": (
                "Two women sit on upturned fish boxes in a cluttered kitchen set, one holding a "
                "bundle of letters."
            ),
            "colours": ("#4a4e69", "#c9ada7"),
            "motif": "hills",
        },
        "body": (
            (
                'Near the end of "Salt Daughters," the first play by the Kestrel Bay writer '
                "Niamh Odell, two sisters sit on upturned fish boxes and say nothing at all for "
                "almost a minute. On the night I went, nobody in the Harbour Playhouse so much "
                "as coughed."
            ),
            (
                "The play follows two women who return to their late mother's house on Saltmere "
                "to clear it for sale, and discover that neither of them can bring herself to "
                "throw anything away. Odell's dialogue is spare and often very funny, and she "
                "trusts her actors to carry the long silences between the jokes."
            ),
            (
                "As Ruth, the elder sister, Carys Penhallow is all brisk efficiency, ticking "
                "items off a clipboard, until a box of letters undoes her. Ife Adeyemi's "
                "younger sister runs the other way: chaotic in the first act, unexpectedly "
                "steady in the second. The two performances fit together so closely that it is "
                "hard to imagine either actor opposite anyone else."
            ),
            (
                "The production is not flawless. A subplot about an estate agent feels as if it "
                "belongs to a broader, different play, and the second act runs perhaps ten "
                "minutes long. But these are small complaints about a debut of unusual "
                "confidence."
            ),
            (
                "[Note to the desk: confirm the closing date with the Playhouse before this "
                "goes live.]"
            ),
        ),
    },
]
