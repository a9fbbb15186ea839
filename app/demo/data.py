"""Demo data for Between: two peer-support groups, their members, and vocabularies.

Plain data only. The demo seeder turns ``GROUPS`` and ``MEMBERS`` into rows, and the
synthetic-data generator draws from the vocabulary tuples at the bottom of the file.
Every company, person, and email address here is fictional.
"""

from __future__ import annotations

from typing import Any

# ---------------------------------------------------------------------------
# Groups
# ---------------------------------------------------------------------------

GROUPS: list[dict[str, Any]] = [
    {
        "slug": "hr-tuesday-evenings",
        "name": "HR Professionals in Transition — Tuesday Evenings",
        "description": (
            "This group is for HR professionals between roles: generalists, business "
            "partners, recruiters, HRIS and total rewards specialists, and people "
            "leaders who have guided others through layoffs and are now navigating "
            "their own. We meet Tuesdays from 6:30 to 8:00 pm, starting with a quick "
            "round of wins and asks, then breaking into small groups for resume "
            "reviews, interview practice, and honest talk about how the week went. "
            "On your first night nobody will ask you to present anything, and you are "
            "welcome to simply listen. "
            "Look around. Say hello. This is the beginning of your professional network."
        ),
        "timezone": "America/Chicago",
        "default_location": (
            "Evanston Public Library, Community Meeting Room B, 1703 Orrington Ave, Evanston, IL 60201"
        ),
        "join_policy": "approval",
        "agreement": (
            "What is shared here stays here; what is learned here leaves here.\n"
            "Be kind: everyone is at a different point in their search.\n"
            "Give before you ask: share leads, introductions, and feedback generously.\n"
            "No selling, recruiting fees, or pitching paid services in the group.\n"
            "Listen fully and leave room for others to speak."
        ),
    },
    {
        "slug": "finance-tech-thursday-mornings",
        "name": "Finance & Technology Professionals in Transition — Thursday Mornings",
        "description": (
            "This group is for finance, accounting, data, and technology professionals "
            "who are between roles, from analysts and engineers to controllers and IT "
            "leaders. We meet Thursdays from 8:30 to 10:00 am, starting with a round "
            "of updates and specific asks, then working sessions on resumes, LinkedIn "
            "profiles, case interviews, and technical screens. Members trade "
            "introductions freely, and alumni who have landed come back to share what "
            "worked. If it's your first time, expect a warm welcome, a two-minute "
            "introduction, and at least one person who has been exactly where you are."
        ),
        "timezone": "America/New_York",
        "default_location": (
            "Jefferson Market Library, Community Room, 425 Avenue of the Americas, New York, NY 10011"
        ),
        "join_policy": "open",
        "agreement": (
            "Confidentiality: names, employers, and stories stay in the room.\n"
            "Assume good intent and give feedback with kindness.\n"
            "Help at least one other member every week.\n"
            "No selling, solicitation, or promoting paid coaching.\n"
            "Show up on time, and let a facilitator know if you'll miss a week."
        ),
    },
]

# ---------------------------------------------------------------------------
# Search stages, in order
# ---------------------------------------------------------------------------

STAGES = ("exploring", "searching", "interviewing", "offer", "landed", "alumni")

# ---------------------------------------------------------------------------
# Members (40 per group)
# ---------------------------------------------------------------------------

MEMBERS: list[dict[str, Any]] = [
    # ----- HR Professionals in Transition — Tuesday Evenings (Chicago area) -----
    {
        "group": "hr-tuesday-evenings",
        "name": "Denise Okafor",
        "email": "denise.okafor@example.net",
        "headline": "HR director at Northwind Health; volunteer facilitator and alumna",
        "bio": (
            "I walked into this group in 2022, two weeks after my role at Acme Health "
            "was eliminated, and I barely said a word that first night. Eight months "
            "later I landed at Northwind Health. I co-facilitate now because someone "
            "held the door open for me."
        ),
        "location": "Evanston, IL",
        "linkedin_url": "https://www.linkedin.com/in/denise-okafor",
        "stage": "alumni",
        "target_roles": [],
        "industries": ["Healthcare"],
        "skills": ["Employee relations", "Change management", "Coaching", "Workday"],
        "target_companies": [],
        "past_companies": [
            {"name": "Northwind Health", "from": 2023, "to": None},
            {"name": "Acme Health", "from": 2009, "to": 2022},
        ],
        "looking_for": ("Alumni willing to come back for a Tuesday and talk about their first 90 days."),
        "can_help_with": (
            "Mock interviews for HR leadership roles; introductions at Northwind Health and Acme Health."
        ),
        "joined_weeks_ago": 104,
        "role": "facilitator",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Ana Ruiz",
        "email": "ana.ruiz@example.net",
        "headline": "HR generalist moving into HRIS, 9 years in food manufacturing",
        "bio": (
            "I spent nine years as the HR person everyone called when the system broke, "
            "and I realized the system was the part I loved. I'm working through my "
            "Workday certification and looking for a team that will let me grow into it."
        ),
        "location": "Cicero, IL",
        "linkedin_url": "https://www.linkedin.com/in/ana-ruiz",
        "stage": "interviewing",
        "target_roles": ["HRIS analyst", "HR generalist"],
        "industries": ["Healthcare", "Food and beverage"],
        "skills": ["HRIS", "Workday", "Onboarding", "Excel"],
        "target_companies": ["Northwind Health", "Acme Health", "Trey Research"],
        "past_companies": [
            {"name": "Fabrikam Foods", "from": 2016, "to": 2025},
        ],
        "looking_for": (
            "An introduction to someone in HR at Northwind Health; advice on moving from generalist to HRIS."
        ),
        "can_help_with": ("Bilingual (Spanish) onboarding materials; happy to be a practice interviewer for anyone."),
        "joined_weeks_ago": 14,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Marcus Whitfield",
        "email": "marcus.whitfield@example.net",
        "headline": "HR business partner, 12 years in manufacturing",
        "bio": (
            "I've supported plant managers through two union campaigns, a plant "
            "closure, and a lot of third shifts. I'm proud of that work, and I'm "
            "ready for a partner role where HR has a real seat at the table."
        ),
        "location": "Joliet, IL",
        "linkedin_url": "https://www.linkedin.com/in/marcus-whitfield",
        "stage": "searching",
        "target_roles": ["HR business partner", "HR manager"],
        "industries": ["Manufacturing", "Logistics", "Food and beverage"],
        "skills": ["Employee relations", "Labor relations", "Performance management"],
        "target_companies": ["Fabrikam Foods", "Contoso Logistics", "Adventure Works"],
        "past_companies": [
            {"name": "Lakeshore Manufacturing", "from": 2013, "to": 2025},
            {"name": "VanArsdel Manufacturing", "from": 2008, "to": 2013},
        ],
        "looking_for": (
            "Anyone who has worked at Fabrikam Foods or Contoso Logistics and can tell me what HR is like there."
        ),
        "can_help_with": (
            "Labor relations and union avoidance questions; I can also share my investigation templates."
        ),
        "joined_weeks_ago": 9,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Priya Raman",
        "email": "priya.raman@example.net",
        "headline": "HRIS manager, Workday certified, 15 years in insurance",
        "bio": (
            "I led the Workday implementation at Globex Insurance and then ran the "
            "team that kept it alive. When the function moved offshore, I took it as "
            "a chance to find a place that sees HR technology as strategy."
        ),
        "location": "Naperville, IL",
        "linkedin_url": "https://www.linkedin.com/in/priya-raman",
        "stage": "interviewing",
        "target_roles": ["HRIS manager", "HR operations manager"],
        "industries": ["Insurance", "Healthcare", "Airlines"],
        "skills": ["HRIS", "Workday", "HR analytics", "Change management"],
        "target_companies": ["Acme Health", "Tailspin Airlines", "Northwind Health"],
        "past_companies": [
            {"name": "Globex Insurance", "from": 2014, "to": 2025},
            {"name": "Prairie Mutual", "from": 2010, "to": 2014},
        ],
        "looking_for": ("Introductions to HR technology leaders at Acme Health or Tailspin Airlines."),
        "can_help_with": (
            "I know Workday inside out: core HCM, absence, and reporting. Happy to "
            "explain HRIS work to anyone thinking about the switch."
        ),
        "joined_weeks_ago": 22,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Tomasz Kowalski",
        "email": "tomasz.kowalski@example.net",
        "headline": "Payroll manager, multi-state payroll for 4,000 employees",
        "bio": (
            "Fourteen years of making sure people got paid on time, every time. The "
            "logistics company I worked for was acquired and payroll was consolidated "
            "out of state, so here I am."
        ),
        "location": "Schaumburg, IL",
        "linkedin_url": "https://www.linkedin.com/in/tomasz-kowalski",
        "stage": "searching",
        "target_roles": ["Payroll manager", "HR operations manager"],
        "industries": ["Logistics", "Insurance", "Energy"],
        "skills": ["Payroll", "ADP", "UKG", "Excel"],
        "target_companies": ["Prairie Mutual", "City Power & Light"],
        "past_companies": [
            {"name": "Contoso Logistics", "from": 2011, "to": 2025},
        ],
        "looking_for": (
            "Someone at Prairie Mutual or City Power & Light who can tell me how payroll and HR are organized there."
        ),
        "can_help_with": ("Payroll questions of any kind; ADP and UKG configuration; severance and final-pay math."),
        "joined_weeks_ago": 6,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "LaToya Jenkins",
        "email": "latoya.jenkins@example.net",
        "headline": "Talent acquisition manager, high-volume healthcare hiring",
        "bio": (
            "I built the nurse recruiting team at Acme Health from three people to "
            "fourteen. I'm good at hiring, less good at being the one who's being "
            "hired, and this group keeps me honest about that."
        ),
        "location": "Chicago, IL",
        "linkedin_url": "https://www.linkedin.com/in/latoya-jenkins",
        "stage": "interviewing",
        "target_roles": ["Talent acquisition manager", "Recruiter"],
        "industries": ["Healthcare", "Airlines", "Retail"],
        "skills": ["Talent acquisition", "Greenhouse", "Onboarding", "HR analytics"],
        "target_companies": ["Tailspin Airlines", "Fourth Coffee", "Wide World Importers"],
        "past_companies": [
            {"name": "Acme Health", "from": 2015, "to": 2025},
            {"name": "Northwind Health", "from": 2011, "to": 2015},
        ],
        "looking_for": ("A warm introduction to the talent acquisition lead at Tailspin Airlines."),
        "can_help_with": (
            "Resume reviews from a recruiter's point of view; how to get past the applicant tracking system."
        ),
        "joined_weeks_ago": 18,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Kevin O'Brien",
        "email": "kevin.obrien@example.net",
        "headline": "Benefits manager, 23 years in insurance, weighing consulting",
        "bio": (
            "I took the early retirement package and found out I'm not ready to "
            "retire. I'm figuring out whether I want another full-time role or a "
            "benefits consulting practice of my own."
        ),
        "location": "Oak Park, IL",
        "linkedin_url": None,
        "stage": "exploring",
        "target_roles": ["Benefits manager", "HR consultant"],
        "industries": ["Insurance"],
        "skills": ["Benefits administration", "FMLA", "Compensation"],
        "target_companies": [],
        "past_companies": [
            {"name": "Globex Insurance", "from": 2005, "to": 2024},
            {"name": "Humongous Insurance", "from": 2001, "to": 2005},
        ],
        "looking_for": "Conversations with anyone who has gone independent as an HR consultant.",
        "can_help_with": ("Benefits open enrollment, FMLA and leave questions, and reading the fine print on COBRA."),
        "joined_weeks_ago": 3,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Mei-Ling Chen",
        "email": "meiling.chen@example.net",
        "headline": "Compensation analyst at Trey Research; landed in 2026",
        "bio": (
            "I like spreadsheets that tell the truth about who gets paid what. After "
            "thirty weeks of searching I said yes to Trey Research, having negotiated "
            "the offer the way I'd coach anyone else to."
        ),
        "location": "Evanston, IL",
        "linkedin_url": "https://www.linkedin.com/in/meiling-chen",
        "stage": "landed",
        "target_roles": ["Compensation analyst", "Total rewards manager"],
        "industries": ["Technology", "Manufacturing"],
        "skills": ["Compensation", "HR analytics", "Excel", "Workday"],
        "target_companies": [],
        "past_companies": [
            {"name": "Trey Research", "from": 2026, "to": None},
            {"name": "Adventure Works", "from": 2017, "to": 2025},
            {"name": "Lakeshore Manufacturing", "from": 2014, "to": 2017},
        ],
        "looking_for": "Nothing for me right now; I'm here to return the favour.",
        "can_help_with": (
            "A second opinion on your offer: salary benchmarking, negotiation, and how to read a compensation band."
        ),
        "joined_weeks_ago": 30,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Rosa Delgado",
        "email": "rosa.delgado@example.net",
        "headline": "Bilingual HR generalist, 12 years in food and beverage",
        "bio": (
            "I've been the HR department for a 300-person plant, which means I've "
            "done a little of everything. I'd like my next role to go deeper in "
            "employee relations."
        ),
        "location": "Aurora, IL",
        "linkedin_url": "https://www.linkedin.com/in/rosa-delgado",
        "stage": "searching",
        "target_roles": ["HR generalist", "Employee relations specialist"],
        "industries": ["Food and beverage", "Manufacturing", "Retail"],
        "skills": ["Employee relations", "Onboarding", "Policy writing"],
        "target_companies": ["Fourth Coffee", "Wide World Importers", "Fabrikam Foods"],
        "past_companies": [
            {"name": "Fabrikam Foods", "from": 2017, "to": 2025},
            {"name": "Fourth Coffee", "from": 2013, "to": 2017},
        ],
        "looking_for": ("Help tightening my resume so it doesn't read like a list of everything I've ever done."),
        "can_help_with": ("Spanish translation of HR documents; practical advice on handbooks and policy writing."),
        "joined_weeks_ago": 11,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Hamza Qureshi",
        "email": "hamza.qureshi@example.net",
        "headline": "People analytics lead, 7 years in airlines",
        "bio": (
            "I turn HR data into answers for leaders who don't want to read a "
            "dashboard. I was part of a 20 percent reduction at Tailspin Airlines "
            "and I'm looking for a team that's still investing in analytics."
        ),
        "location": "Skokie, IL",
        "linkedin_url": "https://www.linkedin.com/in/hamza-qureshi",
        "stage": "interviewing",
        "target_roles": ["People analytics manager", "HRIS analyst"],
        "industries": ["Healthcare", "Insurance", "Airlines"],
        "skills": ["HR analytics", "Excel", "Workday", "Workforce planning"],
        "target_companies": ["Acme Health", "Globex Insurance", "Northwind Health"],
        "past_companies": [
            {"name": "Tailspin Airlines", "from": 2018, "to": 2025},
        ],
        "looking_for": (
            "Introductions to anyone who worked at Globex Insurance; I have a final round there next week."
        ),
        "can_help_with": ("Building a simple attrition dashboard; Excel and Workday reporting help."),
        "joined_weeks_ago": 16,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Jennifer Lindqvist",
        "email": "jennifer.lindqvist@example.net",
        "headline": "Learning and development manager, 12 years in publishing",
        "bio": (
            "I've been searching longer than I expected, and some weeks are harder "
            "than others. Designing onboarding and manager training is what I do best, "
            "and I'm open to contract work while I look for the right full-time fit."
        ),
        "location": "Arlington Heights, IL",
        "linkedin_url": "https://www.linkedin.com/in/jennifer-lindqvist",
        "stage": "searching",
        "target_roles": ["Learning and development manager", "Instructional designer"],
        "industries": ["Publishing", "Higher education", "Healthcare"],
        "skills": ["Learning and development", "Onboarding", "Coaching"],
        "target_companies": ["Acme Health", "Lucerne Publishing"],
        "past_companies": [
            {"name": "Lucerne Publishing", "from": 2012, "to": 2024},
            {"name": "Wide World Importers", "from": 2008, "to": 2012},
        ],
        "looking_for": (
            "Leads on contract L&D or instructional design work; an accountability partner for weekly outreach."
        ),
        "can_help_with": ("Presentation coaching before big interviews; I've trained hundreds of new managers."),
        "joined_weeks_ago": 40,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "DeShawn Carter",
        "email": "deshawn.carter@example.net",
        "headline": "Employee relations specialist, utilities and union environments",
        "bio": (
            "I've run more than 200 workplace investigations and I still believe most "
            "conflicts start with a misunderstanding. I'm looking for an ER role in a "
            "larger organization."
        ),
        "location": "Chicago, IL",
        "linkedin_url": "https://www.linkedin.com/in/deshawn-carter",
        "stage": "interviewing",
        "target_roles": ["Employee relations specialist", "HR business partner"],
        "industries": ["Energy", "Logistics", "Manufacturing"],
        "skills": ["Employee relations", "Labor relations", "Policy writing"],
        "target_companies": ["Contoso Logistics", "Lakeshore Manufacturing"],
        "past_companies": [
            {"name": "City Power & Light", "from": 2016, "to": 2025},
        ],
        "looking_for": (
            "Someone who worked in HR at Contoso Logistics; I'd love 20 minutes to hear about the culture."
        ),
        "can_help_with": ("Investigation interviews and documentation; preparing for a tough behavioral question."),
        "joined_weeks_ago": 12,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Beth Nakamura",
        "email": "beth.nakamura@example.net",
        "headline": "HR director at Wide World Importers; landed in 2025",
        "bio": (
            "This group got me through eleven months of searching and one very "
            "disappointing final round. I started at Wide World Importers soon after "
            "and I'm still coming on Tuesdays when I can."
        ),
        "location": "Downers Grove, IL",
        "linkedin_url": "https://www.linkedin.com/in/beth-nakamura",
        "stage": "landed",
        "target_roles": [],
        "industries": ["Retail", "Logistics"],
        "skills": ["Org design", "Succession planning", "Change management"],
        "target_companies": [],
        "past_companies": [
            {"name": "Wide World Importers", "from": 2025, "to": None},
            {"name": "Consolidated Messenger", "from": 2012, "to": 2025},
        ],
        "looking_for": "Nothing for me right now; I'm here to give back.",
        "can_help_with": (
            "Introductions at Wide World Importers; I'm hiring an HR generalist and a recruiter this quarter."
        ),
        "joined_weeks_ago": 52,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Olumide Adeyemi",
        "email": "olumide.adeyemi@example.net",
        "headline": "DEI program manager, employee resource groups and inclusive hiring",
        "bio": (
            "My program was cut in a budget review, which I'm told had nothing to do "
            "with its results. I want to keep doing this work, possibly inside a "
            "broader talent or L&D role."
        ),
        "location": "Chicago, IL",
        "linkedin_url": "https://www.linkedin.com/in/olumide-adeyemi",
        "stage": "searching",
        "target_roles": ["DEI program manager", "Learning and development manager"],
        "industries": ["Technology", "Healthcare", "Nonprofit"],
        "skills": ["DEI", "Learning and development", "Talent acquisition"],
        "target_companies": ["Litware", "Northwind Health"],
        "past_companies": [
            {"name": "Trey Research", "from": 2020, "to": 2025},
            {"name": "Acme Health", "from": 2015, "to": 2020},
        ],
        "looking_for": ("Advice on repositioning DEI experience for talent and L&D roles."),
        "can_help_with": ("Inclusive interview design; starting or reviving an employee resource group."),
        "joined_weeks_ago": 8,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Karen Schultz",
        "email": "karen.schultz@example.net",
        "headline": "HR manager, 24 years at one manufacturer, exploring fractional HR",
        "bio": (
            "I spent my whole career at one company and I honestly don't know how "
            "hiring works anymore. I'm exploring fractional HR for small businesses, "
            "and learning LinkedIn at the same time."
        ),
        "location": "Elmhurst, IL",
        "linkedin_url": "https://www.linkedin.com/in/karen-schultz",
        "stage": "exploring",
        "target_roles": ["HR consultant", "HR manager"],
        "industries": ["Manufacturing"],
        "skills": ["Employee relations", "Policy writing", "FMLA", "Benefits administration"],
        "target_companies": [],
        "past_companies": [
            {"name": "VanArsdel Manufacturing", "from": 2000, "to": 2024},
        ],
        "looking_for": ("A patient person who can help me make my LinkedIn profile look like this decade."),
        "can_help_with": ("Twenty-four years of HR war stories; handbooks, leave policies, and small-plant HR."),
        "joined_weeks_ago": 5,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Luis Navarro",
        "email": "luis.navarro@example.net",
        "headline": "HR coordinator, 4 years in logistics",
        "bio": "",
        "location": "Berwyn, IL",
        "linkedin_url": None,
        "stage": "searching",
        "target_roles": ["HR generalist"],
        "industries": ["Logistics"],
        "skills": [],
        "target_companies": [],
        "past_companies": [
            {"name": "Contoso Logistics", "from": 2021, "to": 2025},
        ],
        "looking_for": "Figuring out where to start.",
        "can_help_with": "Not sure yet, but I'm a good listener.",
        "joined_weeks_ago": 0,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Aisha Mohammed",
        "email": "aisha.mohammed@example.net",
        "headline": "Technical recruiter, engineering and data hiring",
        "bio": (
            "I recruited engineers through the hiring boom and the hiring freeze, "
            "sometimes in the same year. I want a recruiting team that plans ahead "
            "instead of lurching between the two."
        ),
        "location": "Chicago, IL",
        "linkedin_url": "https://www.linkedin.com/in/aisha-mohammed",
        "stage": "interviewing",
        "target_roles": ["Technical recruiter", "Talent acquisition manager"],
        "industries": ["Technology", "Financial services"],
        "skills": ["Talent acquisition", "Greenhouse", "DEI"],
        "target_companies": ["Trey Research", "Relecloud", "Proseware"],
        "past_companies": [
            {"name": "Litware", "from": 2019, "to": 2025},
            {"name": "Initech", "from": 2016, "to": 2019},
        ],
        "looking_for": ("Someone who knows the recruiting team at Relecloud or Proseware."),
        "can_help_with": (
            "Sourcing tricks, Greenhouse, and how to write a LinkedIn headline recruiters actually search for."
        ),
        "joined_weeks_ago": 10,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Greg Palmer",
        "email": "greg.palmer@example.net",
        "headline": "HR operations manager, SAP SuccessFactors, 17 years in insurance",
        "bio": (
            "I ran HR operations and the SuccessFactors system at Prairie Mutual. "
            "Most of the postings I see want Workday, so I'm learning it and trying "
            "not to take that personally."
        ),
        "location": "Wheaton, IL",
        "linkedin_url": "https://www.linkedin.com/in/greg-palmer",
        "stage": "searching",
        "target_roles": ["HR operations manager", "HRIS manager"],
        "industries": ["Insurance", "Financial services"],
        "skills": ["HRIS", "SAP SuccessFactors", "Policy writing", "Payroll"],
        "target_companies": ["Globex Insurance", "Humongous Insurance", "Northwind Bank"],
        "past_companies": [
            {"name": "Prairie Mutual", "from": 2008, "to": 2025},
        ],
        "looking_for": (
            "Advice from someone who knows Workday on how to talk about a SuccessFactors background in interviews."
        ),
        "can_help_with": ("SAP SuccessFactors configuration; building an HR service center from scratch."),
        "joined_weeks_ago": 20,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Svetlana Petrova",
        "email": "svetlana.petrova@example.net",
        "headline": "Compensation manager, executive and sales compensation in banking",
        "bio": (
            "I designed sales incentive plans for a regional bank for eleven years. "
            "I'd like to stay in compensation, ideally somewhere a little less "
            "regulated and a little more human."
        ),
        "location": "Chicago, IL",
        "linkedin_url": "https://www.linkedin.com/in/svetlana-petrova",
        "stage": "searching",
        "target_roles": ["Compensation manager", "Total rewards manager"],
        "industries": ["Financial services", "Insurance"],
        "skills": ["Compensation", "Excel", "HR analytics"],
        "target_companies": ["Globex Insurance", "Prairie Mutual"],
        "past_companies": [
            {"name": "Northwind Bank", "from": 2014, "to": 2025},
        ],
        "looking_for": "An introduction to the total rewards team at Prairie Mutual.",
        "can_help_with": ("Salary negotiation prep and reading an equity or bonus offer."),
        "joined_weeks_ago": 7,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Jamal Robinson",
        "email": "jamal.robinson@example.net",
        "headline": "HR business partner, 12 years in airlines and operations",
        "bio": (
            "I partnered with airport operations leaders for twelve years, which "
            "taught me to make decisions at 4 am. I just received an offer from "
            "Contoso Logistics and I'm weighing it carefully."
        ),
        "location": "Evergreen Park, IL",
        "linkedin_url": "https://www.linkedin.com/in/jamal-robinson",
        "stage": "offer",
        "target_roles": ["HR business partner"],
        "industries": ["Airlines", "Logistics"],
        "skills": ["Employee relations", "Performance management", "Workforce planning"],
        "target_companies": ["Contoso Logistics", "Consolidated Messenger"],
        "past_companies": [
            {"name": "Tailspin Airlines", "from": 2013, "to": 2025},
        ],
        "looking_for": ("Someone who has worked at Contoso Logistics to help me think through the offer."),
        "can_help_with": ("Introductions at Tailspin Airlines; HR business partner interview practice."),
        "joined_weeks_ago": 26,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Hannah Goldberg",
        "email": "hannah.goldberg@example.net",
        "headline": "VP of people, built HR functions at two software companies",
        "bio": (
            "I was the first HR hire at two startups and built each team to about "
            "fifteen people. I'm looking for a head of people role where I can "
            "build again, with a CEO who wants a real partner."
        ),
        "location": "Chicago, IL",
        "linkedin_url": "https://www.linkedin.com/in/hannah-goldberg",
        "stage": "interviewing",
        "target_roles": ["Chief people officer", "HR director"],
        "industries": ["Technology"],
        "skills": ["Org design", "Talent acquisition", "Compensation", "Coaching"],
        "target_companies": ["Proseware", "Trey Research"],
        "past_companies": [
            {"name": "Relecloud", "from": 2020, "to": 2025},
            {"name": "Litware", "from": 2016, "to": 2020},
        ],
        "looking_for": ("A board member or CEO at Proseware who would take a coffee with me."),
        "can_help_with": ("Startup HR: equity, first handbooks, and building a people team from zero."),
        "joined_weeks_ago": 15,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Lan Nguyen",
        "email": "lan.nguyen@example.net",
        "headline": "Benefits and payroll specialist, 13 years in insurance",
        "bio": "",
        "location": "Des Plaines, IL",
        "linkedin_url": None,
        "stage": "searching",
        "target_roles": ["Benefits manager", "Payroll manager"],
        "industries": ["Insurance", "Healthcare"],
        "skills": ["Benefits administration", "Payroll", "ADP"],
        "target_companies": ["Acme Health"],
        "past_companies": [
            {"name": "Humongous Insurance", "from": 2012, "to": 2025},
        ],
        "looking_for": "Benefits roles in healthcare; help with interview nerves.",
        "can_help_with": "ADP payroll and benefits enrollment questions.",
        "joined_weeks_ago": 4,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Patrick Doyle",
        "email": "patrick.doyle@example.net",
        "headline": "HR manager at Lakeshore Manufacturing; alumnus since 2024",
        "bio": (
            "I came here after a layoff and landed at Lakeshore Manufacturing a few "
            "months later. I still drop in once a month, mostly to remind people "
            "that the search does end."
        ),
        "location": "Orland Park, IL",
        "linkedin_url": "https://www.linkedin.com/in/patrick-doyle",
        "stage": "alumni",
        "target_roles": [],
        "industries": ["Manufacturing"],
        "skills": ["Employee relations", "Labor relations", "UKG"],
        "target_companies": [],
        "past_companies": [
            {"name": "Lakeshore Manufacturing", "from": 2024, "to": None},
            {"name": "Fabrikam Foods", "from": 2010, "to": 2023},
        ],
        "looking_for": "Strong HR generalist candidates for an opening at Lakeshore.",
        "can_help_with": (
            "Introductions at Lakeshore Manufacturing and Fabrikam Foods; UKG scheduling and timekeeping."
        ),
        "joined_weeks_ago": 90,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Fatima Hassan",
        "email": "fatima.hassan@example.net",
        "headline": "HR generalist, 6 years in retail and hospitality",
        "bio": "Newly laid off and a little overwhelmed. A friend told me to come here.",
        "location": "Bridgeview, IL",
        "linkedin_url": None,
        "stage": "searching",
        "target_roles": ["HR generalist"],
        "industries": ["Retail"],
        "skills": ["Onboarding"],
        "target_companies": [],
        "past_companies": [
            {"name": "Fourth Coffee", "from": 2019, "to": 2025},
        ],
        "looking_for": "Help with my resume.",
        "can_help_with": "Retail scheduling and store-level HR.",
        "joined_weeks_ago": 1,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Carlos Mendoza",
        "email": "carlos.mendoza@example.net",
        "headline": "Recruiter, corporate and supply chain hiring",
        "bio": (
            "I've filled everything from forklift operators to a CFO. I'm "
            "interviewing for in-house recruiting roles and trying to avoid going "
            "back to agency life."
        ),
        "location": "Waukegan, IL",
        "linkedin_url": "https://www.linkedin.com/in/carlos-mendoza",
        "stage": "interviewing",
        "target_roles": ["Recruiter", "Talent acquisition manager"],
        "industries": ["Logistics", "Retail", "Food and beverage"],
        "skills": ["Talent acquisition", "Workday", "Onboarding"],
        "target_companies": ["Contoso Logistics", "Fabrikam Foods", "Fourth Coffee"],
        "past_companies": [
            {"name": "Wide World Importers", "from": 2018, "to": 2025},
            {"name": "Adventure Works", "from": 2014, "to": 2018},
        ],
        "looking_for": "Intros to hiring managers in talent acquisition at Fabrikam Foods.",
        "can_help_with": ("Introductions at Wide World Importers; mock phone screens."),
        "joined_weeks_ago": 13,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Shauna McBride",
        "email": "shauna.mcbride@example.net",
        "headline": "Learning and development partner, 15 years in healthcare",
        "bio": (
            "I built clinical onboarding programs for a hospital system. I'm looking "
            "for my next L&D role and volunteering at a literacy nonprofit in the "
            "meantime, which has been good for my spirits."
        ),
        "location": "Evanston, IL",
        "linkedin_url": "https://www.linkedin.com/in/shauna-mcbride",
        "stage": "searching",
        "target_roles": ["Learning and development manager"],
        "industries": ["Healthcare", "Nonprofit", "Higher education"],
        "skills": ["Learning and development", "Onboarding", "Change management"],
        "target_companies": ["Northwind Health", "Acme Health"],
        "past_companies": [
            {"name": "Acme Health", "from": 2010, "to": 2025},
        ],
        "looking_for": ("An introduction to the L&D team at Northwind Health."),
        "can_help_with": ("Introductions at Acme Health; designing a 30-60-90 day plan for interviews."),
        "joined_weeks_ago": 17,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Raj Patel",
        "email": "raj.patel@example.net",
        "headline": "HRIS analyst, UKG and ADP integrations",
        "bio": (
            "I'm the person who writes the interface between payroll and "
            "everything else. I'm interviewing for HRIS roles and brushing up on "
            "Workday to widen the net."
        ),
        "location": "Hoffman Estates, IL",
        "linkedin_url": "https://www.linkedin.com/in/raj-patel",
        "stage": "interviewing",
        "target_roles": ["HRIS analyst"],
        "industries": ["Logistics", "Healthcare", "Technology"],
        "skills": ["HRIS", "UKG", "ADP", "Excel"],
        "target_companies": ["Acme Health", "Contoso Logistics", "Initech"],
        "past_companies": [
            {"name": "Consolidated Messenger", "from": 2017, "to": 2025},
        ],
        "looking_for": ("Someone who knows Workday to quiz me before a technical HRIS interview."),
        "can_help_with": ("HRIS experience with UKG and ADP; happy to explain integrations and payroll data flows."),
        "joined_weeks_ago": 19,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Erin Fitzgerald",
        "email": "erin.fitzgerald@example.net",
        "headline": "HR generalist returning after a caregiving break",
        "bio": (
            "I stepped away in 2019 to care for my father. I'm ready to come back "
            "and nervous about the gap on my resume."
        ),
        "location": "Park Ridge, IL",
        "linkedin_url": "https://www.linkedin.com/in/erin-fitzgerald",
        "stage": "exploring",
        "target_roles": ["HR generalist"],
        "industries": [],
        "skills": ["Benefits administration"],
        "target_companies": [],
        "past_companies": [
            {"name": "Globex Insurance", "from": 2010, "to": 2019},
        ],
        "looking_for": "How to explain a career gap.",
        "can_help_with": "Happy to help where I can; I know benefits enrollment.",
        "joined_weeks_ago": 2,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Yolanda Brooks",
        "email": "yolanda.brooks@example.net",
        "headline": "HR director, 19 years in energy and utilities",
        "bio": (
            "I led HR for a 2,500-person utility workforce through a merger and a "
            "pandemic. Director roles take a long time to fill, and I'm learning to "
            "be patient with the process and with myself."
        ),
        "location": "Chicago, IL",
        "linkedin_url": "https://www.linkedin.com/in/yolanda-brooks",
        "stage": "searching",
        "target_roles": ["HR director", "Chief people officer"],
        "industries": ["Energy", "Healthcare", "Government"],
        "skills": ["Labor relations", "Succession planning", "Org design", "DEI"],
        "target_companies": ["Northwind Health", "Acme Health", "Globex Insurance"],
        "past_companies": [
            {"name": "City Power & Light", "from": 2006, "to": 2025},
        ],
        "looking_for": ("Introductions to executive recruiters who place HR leaders in the Midwest."),
        "can_help_with": ("Introductions at City Power & Light; succession planning and leading HR through a merger."),
        "joined_weeks_ago": 28,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Michael Tran",
        "email": "michael.tran@example.net",
        "headline": "Talent acquisition partner at Acme Health; landed in 2025",
        "bio": (
            "I was laid off from Tailspin Airlines and landed at Acme Health after "
            "seven months. This group was the first place I practiced saying "
            "'I was laid off' out loud without apologizing."
        ),
        "location": "Naperville, IL",
        "linkedin_url": "https://www.linkedin.com/in/michael-tran",
        "stage": "landed",
        "target_roles": [],
        "industries": ["Healthcare", "Airlines"],
        "skills": ["Talent acquisition", "Workday", "Greenhouse"],
        "target_companies": [],
        "past_companies": [
            {"name": "Acme Health", "from": 2025, "to": None},
            {"name": "Tailspin Airlines", "from": 2016, "to": 2024},
        ],
        "looking_for": "Referrals for open HR and nursing roles at Acme Health.",
        "can_help_with": ("Internal referrals at Acme Health; I can pass resumes directly to hiring managers."),
        "joined_weeks_ago": 48,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Grace Oyelaran",
        "email": "grace.oyelaran@example.net",
        "headline": "HR business partner, 9 years in hospital systems",
        "bio": (
            "I supported nursing and clinical leaders through staffing shortages "
            "and a lot of hard conversations. I'm looking for an HRBP role where I "
            "can stay close to patient care."
        ),
        "location": "Chicago, IL",
        "linkedin_url": "https://www.linkedin.com/in/grace-oyelaran",
        "stage": "searching",
        "target_roles": ["HR business partner"],
        "industries": ["Healthcare"],
        "skills": ["Employee relations", "Workforce planning", "Workday"],
        "target_companies": ["Acme Health", "Trey Research"],
        "past_companies": [
            {"name": "Northwind Health", "from": 2016, "to": 2025},
        ],
        "looking_for": ("A referral into HR at Acme Health; feedback on my elevator pitch."),
        "can_help_with": ("Introductions at Northwind Health; healthcare HR and nurse staffing questions."),
        "joined_weeks_ago": 10,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Steve Novak",
        "email": "steve.novak@example.net",
        "headline": "Labor relations manager, 20 years in manufacturing",
        "bio": (
            "I've negotiated six collective bargaining agreements and I can sit "
            "through a long silence. I'm interviewing for labor relations roles "
            "across the Midwest and open to some travel."
        ),
        "location": "Lombard, IL",
        "linkedin_url": "https://www.linkedin.com/in/steve-novak",
        "stage": "interviewing",
        "target_roles": ["Labor relations manager", "HR manager"],
        "industries": ["Manufacturing", "Logistics", "Energy"],
        "skills": ["Labor relations", "Employee relations", "Policy writing"],
        "target_companies": ["Lakeshore Manufacturing", "City Power & Light"],
        "past_companies": [
            {"name": "VanArsdel Manufacturing", "from": 2004, "to": 2025},
        ],
        "looking_for": ("Someone at City Power & Light who knows how their labor relations team is structured."),
        "can_help_with": ("Labor relations and union contract questions; introductions at VanArsdel Manufacturing."),
        "joined_weeks_ago": 21,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Brianna Washington",
        "email": "brianna.washington@example.net",
        "headline": "HR coordinator growing into a generalist role, 5 years in retail",
        "bio": (
            "I ran onboarding for a busy retail headquarters and covered for the "
            "generalists more often than not. I'm ready for the title to match the "
            "work."
        ),
        "location": "Chicago, IL",
        "linkedin_url": "https://www.linkedin.com/in/brianna-washington",
        "stage": "searching",
        "target_roles": ["HR generalist", "People operations manager"],
        "industries": ["Retail", "Technology"],
        "skills": ["Onboarding", "HRIS", "Excel"],
        "target_companies": ["Fourth Coffee", "Litware"],
        "past_companies": [
            {"name": "Adventure Works", "from": 2020, "to": 2025},
        ],
        "looking_for": ("A mentor who made the jump from coordinator to generalist; practice with salary questions."),
        "can_help_with": "Organizing onboarding checklists and new-hire paperwork.",
        "joined_weeks_ago": 5,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Amir Haddad",
        "email": "amir.haddad@example.net",
        "headline": "HR business partner to engineering, 10 years in software",
        "bio": (
            "I partnered with engineering leaders on reorgs, promotions, and a few "
            "painful layoffs. Now I'm on the other side of one, and it has made me "
            "a more empathetic HR person."
        ),
        "location": "Schaumburg, IL",
        "linkedin_url": "https://www.linkedin.com/in/amir-haddad",
        "stage": "interviewing",
        "target_roles": ["HR business partner", "People operations manager"],
        "industries": ["Technology", "Financial services"],
        "skills": ["Performance management", "Org design", "Workday", "Coaching"],
        "target_companies": ["Litware", "Proseware", "Relecloud"],
        "past_companies": [
            {"name": "Initech", "from": 2015, "to": 2025},
        ],
        "looking_for": ("Anyone who has worked in HR at Litware; I'm in their final round."),
        "can_help_with": ("Introductions at Initech; how to talk about layoffs you helped run."),
        "joined_weeks_ago": 24,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Colleen Murphy",
        "email": "colleen.murphy@example.net",
        "headline": "Benefits manager, self-funded health plans and wellness",
        "bio": (
            "I managed benefits for a 6,000-person insurer and I just accepted, well, "
            "almost accepted, an offer from Prairie Mutual. I'm savoring this week."
        ),
        "location": "Oak Lawn, IL",
        "linkedin_url": "https://www.linkedin.com/in/colleen-murphy",
        "stage": "offer",
        "target_roles": ["Benefits manager", "Total rewards manager"],
        "industries": ["Insurance"],
        "skills": ["Benefits administration", "FMLA", "Compensation"],
        "target_companies": ["Prairie Mutual"],
        "past_companies": [
            {"name": "Humongous Insurance", "from": 2011, "to": 2025},
        ],
        "looking_for": "Tips for negotiating start date and PTO.",
        "can_help_with": ("Benefits administration questions; introductions at Humongous Insurance."),
        "joined_weeks_ago": 33,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Daniel Szymanski",
        "email": "daniel.szymanski@example.net",
        "headline": "Workforce planning analyst, 10 years in logistics",
        "bio": (
            "I forecast how many people a warehouse network needs, week by week. "
            "I'd like to move into broader HR analytics where the forecasts lead "
            "to better decisions, not just tighter schedules."
        ),
        "location": "Niles, IL",
        "linkedin_url": "https://www.linkedin.com/in/daniel-szymanski",
        "stage": "searching",
        "target_roles": ["People analytics manager", "Workforce planning manager"],
        "industries": ["Logistics", "Retail", "Healthcare"],
        "skills": ["Workforce planning", "HR analytics", "Excel"],
        "target_companies": ["Wide World Importers", "Acme Health"],
        "past_companies": [
            {"name": "Contoso Logistics", "from": 2015, "to": 2025},
        ],
        "looking_for": ("An introduction at Wide World Importers; feedback on my analytics portfolio."),
        "can_help_with": ("Introductions at Contoso Logistics; Excel modeling and headcount forecasting."),
        "joined_weeks_ago": 8,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Keiko Yamada",
        "email": "keiko.yamada@example.net",
        "headline": "Org design and change consultant, former HR leader in publishing",
        "bio": (
            "After fifteen years in-house I tried independent consulting for a year. "
            "I'm exploring whether to keep building the practice or return to a "
            "corporate role."
        ),
        "location": "Evanston, IL",
        "linkedin_url": "https://www.linkedin.com/in/keiko-yamada",
        "stage": "exploring",
        "target_roles": ["HR consultant", "HR director"],
        "industries": ["Publishing", "Nonprofit"],
        "skills": ["Org design", "Change management", "Coaching"],
        "target_companies": [],
        "past_companies": [
            {"name": "Lucerne Publishing", "from": 2009, "to": 2024},
        ],
        "looking_for": ("Honest conversations with people who went back in-house after consulting."),
        "can_help_with": ("Introductions at Lucerne Publishing; org design and change management frameworks."),
        "joined_weeks_ago": 6,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Tyrone Ellis",
        "email": "tyrone.ellis@example.net",
        "headline": "HR manager, distribution centers and field operations",
        "bio": (
            "I supported twelve distribution sites across three states. I'm "
            "interviewing for HR manager roles and hoping to drive less and coach "
            "more."
        ),
        "location": "Hammond, IN",
        "linkedin_url": "https://www.linkedin.com/in/tyrone-ellis",
        "stage": "interviewing",
        "target_roles": ["HR manager", "HR business partner"],
        "industries": ["Logistics", "Retail"],
        "skills": ["Employee relations", "UKG", "Performance management"],
        "target_companies": ["Contoso Logistics", "Wide World Importers"],
        "past_companies": [
            {"name": "Consolidated Messenger", "from": 2014, "to": 2025},
        ],
        "looking_for": "A contact in HR at Wide World Importers.",
        "can_help_with": ("Introductions at Consolidated Messenger; multi-site HR and UKG timekeeping."),
        "joined_weeks_ago": 14,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Marisol Vega",
        "email": "marisol.vega@example.net",
        "headline": "Director of talent acquisition at Fabrikam Foods; alumna",
        "bio": (
            "I joined this group in 2023 and landed at Fabrikam Foods later that "
            "year. I come back because every time someone here lands, I remember "
            "how that felt."
        ),
        "location": "Chicago, IL",
        "linkedin_url": "https://www.linkedin.com/in/marisol-vega",
        "stage": "alumni",
        "target_roles": [],
        "industries": ["Food and beverage"],
        "skills": ["Talent acquisition", "Workday", "DEI"],
        "target_companies": [],
        "past_companies": [
            {"name": "Fabrikam Foods", "from": 2023, "to": None},
            {"name": "Fourth Coffee", "from": 2015, "to": 2023},
        ],
        "looking_for": "Recruiters and HR generalists for open roles at Fabrikam Foods.",
        "can_help_with": ("Introductions at Fabrikam Foods and Fourth Coffee; recruiter-eye resume reviews."),
        "joined_weeks_ago": 78,
        "role": "member",
    },
    {
        "group": "hr-tuesday-evenings",
        "name": "Ben Hartley",
        "email": "ben.hartley@example.net",
        "headline": "HR generalist with HRIS experience, 4 years in biotech",
        "bio": (
            "I was the only HR person at a research company, so I learned Workday "
            "by necessity. Early in my search and trying to keep a routine."
        ),
        "location": "Chicago, IL",
        "linkedin_url": "https://www.linkedin.com/in/ben-hartley",
        "stage": "interviewing",
        "target_roles": ["HRIS analyst", "HR generalist"],
        "industries": ["Technology", "Healthcare"],
        "skills": ["HRIS", "Workday", "Onboarding"],
        "target_companies": ["Litware", "Northwind Health"],
        "past_companies": [
            {"name": "Trey Research", "from": 2021, "to": 2025},
        ],
        "looking_for": "Advice on landing a first dedicated HRIS role.",
        "can_help_with": "Introductions at Trey Research; Workday basics.",
        "joined_weeks_ago": 3,
        "role": "member",
    },
    # ----- Finance & Technology Professionals in Transition — Thursday Mornings (NYC) -----
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Robert Castellano",
        "email": "robert.castellano@example.net",
        "headline": "VP of finance at Hudson Capital Partners; volunteer facilitator",
        "bio": (
            "I was a controller for thirteen years until the publishing company I "
            "worked for was sold. This group got me through ten months of searching "
            "in 2021 and 2022. I've been co-facilitating on Thursdays ever since."
        ),
        "location": "Montclair, NJ",
        "linkedin_url": "https://www.linkedin.com/in/robert-castellano",
        "stage": "alumni",
        "target_roles": [],
        "industries": ["Financial services", "Publishing"],
        "skills": ["FP&A", "GAAP", "Budgeting", "Stakeholder management"],
        "target_companies": [],
        "past_companies": [
            {"name": "Hudson Capital Partners", "from": 2022, "to": None},
            {"name": "Lucerne Publishing", "from": 2008, "to": 2021},
        ],
        "looking_for": ("Members who have landed and are willing to run a Thursday working session."),
        "can_help_with": (
            "Controller and CFO interview prep; introductions at Hudson Capital Partners and Lucerne Publishing."
        ),
        "joined_weeks_ago": 100,
        "role": "facilitator",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Sofia Marchetti",
        "email": "sofia.marchetti@example.net",
        "headline": "FP&A manager, 10 years in retail and consumer goods",
        "bio": (
            "I built the forecasting model a 200-store retailer ran on. I'm "
            "interviewing for FP&A roles and hoping for a company where finance is "
            "a partner, not a gatekeeper."
        ),
        "location": "Brooklyn, NY",
        "linkedin_url": "https://www.linkedin.com/in/sofia-marchetti",
        "stage": "interviewing",
        "target_roles": ["FP&A manager", "Finance manager"],
        "industries": ["Retail", "Healthcare", "Technology"],
        "skills": ["FP&A", "Financial modeling", "Forecasting", "Excel"],
        "target_companies": ["Northwind Bank", "Relecloud", "Acme Health"],
        "past_companies": [
            {"name": "Wide World Importers", "from": 2015, "to": 2025},
        ],
        "looking_for": ("Someone in finance at Relecloud who can tell me what their planning cycle looks like."),
        "can_help_with": ("Financial modeling reviews and case interview practice for FP&A roles."),
        "joined_weeks_ago": 15,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "David Kim",
        "email": "david.kim@example.net",
        "headline": "Senior software engineer, Java and AWS, 9 years in enterprise software",
        "bio": (
            "I spent nine years on backend services at Initech and survived three "
            "reorgs before the fourth one got me. I'm brushing up on system design "
            "and looking for a team that ships."
        ),
        "location": "Fort Lee, NJ",
        "linkedin_url": "https://www.linkedin.com/in/david-kim",
        "stage": "searching",
        "target_roles": ["Software engineer", "Solutions architect"],
        "industries": ["Technology", "Fintech"],
        "skills": ["Java", "AWS", "SQL", "CI/CD"],
        "target_companies": ["Litware", "Proseware", "Relecloud"],
        "past_companies": [
            {"name": "Initech", "from": 2016, "to": 2025},
        ],
        "looking_for": ("A mock system design interview; referrals into engineering at Litware or Proseware."),
        "can_help_with": ("Java and AWS questions; introductions at Initech; LeetCode study partner."),
        "joined_weeks_ago": 9,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Adaeze Nwosu",
        "email": "adaeze.nwosu@example.net",
        "headline": "Data analyst moving into data science, 6 years in insurance",
        "bio": (
            "I started in claims, taught myself SQL and Python, and ended up running "
            "the analytics for our whole region. I'm interviewing for data science "
            "roles and learning to say that out loud."
        ),
        "location": "Jersey City, NJ",
        "linkedin_url": "https://www.linkedin.com/in/adaeze-nwosu",
        "stage": "interviewing",
        "target_roles": ["Data scientist", "Data analyst"],
        "industries": ["Insurance", "Healthcare", "Fintech"],
        "skills": ["Python", "SQL", "Tableau", "Machine learning"],
        "target_companies": ["Meridian Analytics", "Acme Health", "Woodgrove Bank"],
        "past_companies": [
            {"name": "Globex Insurance", "from": 2019, "to": 2025},
        ],
        "looking_for": (
            "An introduction to the data science team at Meridian Analytics; a take-home assignment review."
        ),
        "can_help_with": ("SQL and Tableau help; introductions at Globex Insurance."),
        "joined_weeks_ago": 12,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Ethan Goldstein",
        "email": "ethan.goldstein@example.net",
        "headline": "Controller, 11 years in life sciences, exploring fractional CFO work",
        "bio": (
            "I'm not sure I want another full-time controller job. I'm talking to "
            "people who do fractional CFO work to see whether it's a real living or "
            "just a nice LinkedIn title."
        ),
        "location": "New York, NY",
        "linkedin_url": "https://www.linkedin.com/in/ethan-goldstein",
        "stage": "exploring",
        "target_roles": ["Fractional CFO", "Controller"],
        "industries": ["Healthcare", "Technology"],
        "skills": ["GAAP", "Audit", "NetSuite", "Budgeting"],
        "target_companies": [],
        "past_companies": [
            {"name": "Trey Research", "from": 2014, "to": 2025},
        ],
        "looking_for": ("Conversations with anyone doing fractional or interim finance work."),
        "can_help_with": ("Month-end close, NetSuite, and audit readiness; introductions at Trey Research."),
        "joined_weeks_ago": 4,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Lakshmi Iyer",
        "email": "lakshmi.iyer@example.net",
        "headline": "Engineering manager, platform teams of 8 to 20 engineers",
        "bio": (
            "I've managed platform and infrastructure teams for eight years and "
            "still write code on weekends. I'm interviewing for engineering manager "
            "roles and being picky about culture this time."
        ),
        "location": "Edison, NJ",
        "linkedin_url": "https://www.linkedin.com/in/lakshmi-iyer",
        "stage": "interviewing",
        "target_roles": ["Engineering manager"],
        "industries": ["Technology", "Financial services"],
        "skills": ["Kubernetes", "AWS", "Agile", "Stakeholder management"],
        "target_companies": ["Relecloud", "Northwind Bank", "Initech"],
        "past_companies": [
            {"name": "Proseware", "from": 2017, "to": 2025},
            {"name": "Litware", "from": 2012, "to": 2017},
        ],
        "looking_for": ("Someone at Northwind Bank who can describe their engineering culture honestly."),
        "can_help_with": ("Engineering manager interview prep; introductions at Proseware and Litware."),
        "joined_weeks_ago": 20,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Jordan Feliciano",
        "email": "jordan.feliciano@example.net",
        "headline": "IT project manager, PMP, 10 years in airline operations systems",
        "bio": (
            "I've delivered crew scheduling and airport systems on time, mostly. "
            "I'd like to stay in IT project management and I'm open to any industry "
            "that values a calm person in a crisis."
        ),
        "location": "Bronx, NY",
        "linkedin_url": "https://www.linkedin.com/in/jordan-feliciano",
        "stage": "searching",
        "target_roles": ["IT project manager", "Scrum master"],
        "industries": ["Airlines", "Logistics", "Healthcare"],
        "skills": ["Project management", "Agile", "Stakeholder management"],
        "target_companies": ["Contoso Logistics", "Acme Health"],
        "past_companies": [
            {"name": "Tailspin Airlines", "from": 2015, "to": 2025},
        ],
        "looking_for": ("An introduction to IT leadership at Contoso Logistics."),
        "can_help_with": ("Project management and PMP study tips; introductions at Tailspin Airlines."),
        "joined_weeks_ago": 7,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Wei Zhang",
        "email": "wei.zhang@example.net",
        "headline": "Data engineer, Snowflake and Python pipelines",
        "bio": (
            "I build the boring, reliable pipelines that make dashboards possible. "
            "After six months of searching I have an offer from Northwind Bank and "
            "a lot of gratitude for this group."
        ),
        "location": "Flushing, NY",
        "linkedin_url": "https://www.linkedin.com/in/wei-zhang",
        "stage": "offer",
        "target_roles": ["Data engineer"],
        "industries": ["Banking", "Technology"],
        "skills": ["Python", "SQL", "Snowflake", "Data engineering"],
        "target_companies": ["Northwind Bank", "Woodgrove Bank"],
        "past_companies": [
            {"name": "Meridian Analytics", "from": 2019, "to": 2025},
        ],
        "looking_for": ("Advice on negotiating a bank offer; what to ask about on-call expectations."),
        "can_help_with": ("Data engineering interview prep; introductions at Meridian Analytics."),
        "joined_weeks_ago": 25,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Natalie Brennan",
        "email": "natalie.brennan@example.net",
        "headline": "Treasury analyst, cash management and FX, 7 years in banking",
        "bio": (
            "I managed daily liquidity for a regional bank's treasury desk. I want "
            "to move to corporate treasury where I can see the whole business."
        ),
        "location": "Hoboken, NJ",
        "linkedin_url": "https://www.linkedin.com/in/natalie-brennan",
        "stage": "searching",
        "target_roles": ["Treasury analyst", "Treasury manager"],
        "industries": ["Banking", "Retail", "Airlines"],
        "skills": ["Treasury", "Excel", "Forecasting"],
        "target_companies": ["Tailspin Airlines", "Wide World Importers"],
        "past_companies": [
            {"name": "Woodgrove Bank", "from": 2018, "to": 2025},
        ],
        "looking_for": ("Someone in corporate treasury at Tailspin Airlines or Wide World Importers."),
        "can_help_with": ("Cash forecasting models; introductions at Woodgrove Bank."),
        "joined_weeks_ago": 10,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Omar Farouk",
        "email": "omar.farouk@example.net",
        "headline": "DevOps engineer, Kubernetes and Terraform on AWS and Azure",
        "bio": (
            "I automate infrastructure so other engineers can sleep at night. I'm "
            "interviewing and trying to get better at telling stories about "
            "outages instead of just fixing them."
        ),
        "location": "Clifton, NJ",
        "linkedin_url": "https://www.linkedin.com/in/omar-farouk",
        "stage": "interviewing",
        "target_roles": ["DevOps engineer", "Solutions architect"],
        "industries": ["Technology", "Fintech", "Healthcare"],
        "skills": ["Kubernetes", "Terraform", "AWS", "Azure", "CI/CD"],
        "target_companies": ["Litware", "Woodgrove Bank", "Acme Health"],
        "past_companies": [
            {"name": "Relecloud", "from": 2019, "to": 2025},
        ],
        "looking_for": ("Behavioral interview practice; anyone who knows the platform team at Woodgrove Bank."),
        "can_help_with": ("Kubernetes, Terraform, and CI/CD questions; introductions at Relecloud."),
        "joined_weeks_ago": 11,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Rachel Abramowitz",
        "email": "rachel.abramowitz@example.net",
        "headline": "Internal audit manager at Globex Insurance; landed in 2025",
        "bio": (
            "I spent twelve years in internal audit at Northwind Bank and nine "
            "months looking for what came next. Now I'm at Globex Insurance, and "
            "I'm glad to pay it forward."
        ),
        "location": "New Rochelle, NY",
        "linkedin_url": "https://www.linkedin.com/in/rachel-abramowitz",
        "stage": "landed",
        "target_roles": [],
        "industries": ["Insurance", "Banking"],
        "skills": ["Audit", "SOX compliance", "Risk management"],
        "target_companies": [],
        "past_companies": [
            {"name": "Globex Insurance", "from": 2025, "to": None},
            {"name": "Northwind Bank", "from": 2013, "to": 2025},
        ],
        "looking_for": "Internal audit candidates with SOX experience for my team.",
        "can_help_with": (
            "Introductions at Globex Insurance and Northwind Bank; SOX compliance and audit interview prep."
        ),
        "joined_weeks_ago": 50,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Sean Gallagher",
        "email": "sean.gallagher@example.net",
        "headline": "Financial analyst, 4 years in insurance",
        "bio": (
            "My first real job ended in a layoff and I'm still a little stunned. "
            "I'm trying to learn how to network without feeling like I'm bothering "
            "people."
        ),
        "location": "Staten Island, NY",
        "linkedin_url": "https://www.linkedin.com/in/sean-gallagher",
        "stage": "searching",
        "target_roles": ["Financial analyst"],
        "industries": ["Insurance", "Financial services"],
        "skills": ["Excel", "Financial modeling"],
        "target_companies": ["Globex Insurance", "Hudson Capital Partners"],
        "past_companies": [
            {"name": "Humongous Insurance", "from": 2021, "to": 2025},
        ],
        "looking_for": ("A mentor in FP&A; an introduction to anyone at Hudson Capital Partners."),
        "can_help_with": "Excel shortcuts and cleaning up messy spreadsheets.",
        "joined_weeks_ago": 3,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Chioma Eze",
        "email": "chioma.eze@example.net",
        "headline": "Product manager, payments and mobile banking",
        "bio": (
            "I launched the mobile deposit feature that my mother still tells her "
            "friends about. I'm interviewing for product roles in fintech and "
            "healthcare technology."
        ),
        "location": "Brooklyn, NY",
        "linkedin_url": "https://www.linkedin.com/in/chioma-eze",
        "stage": "interviewing",
        "target_roles": ["Product manager"],
        "industries": ["Fintech", "Banking", "Healthcare"],
        "skills": ["Agile", "SQL", "Stakeholder management"],
        "target_companies": ["Proseware", "Northwind Bank", "Acme Health"],
        "past_companies": [
            {"name": "Woodgrove Bank", "from": 2018, "to": 2025},
        ],
        "looking_for": ("A product case interview partner; a referral into product at Proseware."),
        "can_help_with": ("Product management interview prep; introductions at Woodgrove Bank."),
        "joined_weeks_ago": 16,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Vikram Malhotra",
        "email": "vikram.malhotra@example.net",
        "headline": "Solutions architect, Azure, 15 years in enterprise software",
        "bio": (
            "I've designed cloud migrations for banks, insurers, and one very "
            "demanding airline. Senior architect roles are slow to come by, so I'm "
            "also open to consulting engagements."
        ),
        "location": "Stamford, CT",
        "linkedin_url": "https://www.linkedin.com/in/vikram-malhotra",
        "stage": "searching",
        "target_roles": ["Solutions architect", "Engineering manager"],
        "industries": ["Technology", "Insurance", "Banking"],
        "skills": ["Azure", "AWS", "Terraform", "Stakeholder management"],
        "target_companies": ["Relecloud", "Globex Insurance", "Woodgrove Bank"],
        "past_companies": [
            {"name": "Litware", "from": 2010, "to": 2025},
        ],
        "looking_for": ("Introductions at Relecloud; leads on cloud architecture contracts."),
        "can_help_with": ("Azure architecture reviews; introductions at Litware."),
        "joined_weeks_ago": 30,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Alexis Rivera",
        "email": "alexis.rivera@example.net",
        "headline": "Staff accountant, 5 years in retail",
        "bio": "",
        "location": "Yonkers, NY",
        "linkedin_url": None,
        "stage": "searching",
        "target_roles": ["Accounting manager"],
        "industries": [],
        "skills": ["GAAP"],
        "target_companies": [],
        "past_companies": [
            {"name": "Fourth Coffee", "from": 2020, "to": 2025},
        ],
        "looking_for": "Just getting started.",
        "can_help_with": "Reconciliations.",
        "joined_weeks_ago": 0,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Dmitri Volkov",
        "email": "dmitri.volkov@example.net",
        "headline": "Risk analyst, market and credit risk models",
        "bio": (
            "I validate risk models for a living, which makes me skeptical of most "
            "forecasts, including my own job search timeline. I'm in two final "
            "rounds right now."
        ),
        "location": "Astoria, NY",
        "linkedin_url": "https://www.linkedin.com/in/dmitri-volkov",
        "stage": "interviewing",
        "target_roles": ["Risk analyst", "Data scientist"],
        "industries": ["Banking", "Financial services", "Insurance"],
        "skills": ["Risk management", "Python", "SQL", "Financial modeling"],
        "target_companies": ["Woodgrove Bank", "Northwind Bank"],
        "past_companies": [
            {"name": "Hudson Capital Partners", "from": 2015, "to": 2025},
        ],
        "looking_for": ("Someone who worked in risk at Woodgrove Bank to talk about the team."),
        "can_help_with": ("Python for finance; introductions at Hudson Capital Partners."),
        "joined_weeks_ago": 14,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Tanya Williams",
        "email": "tanya.williams@example.net",
        "headline": "Scrum master and agile coach, 9 years in logistics technology",
        "bio": (
            "I helped a logistics company move from annual releases to weekly ones. "
            "I'm looking for an agile coaching role and trying not to get "
            "discouraged by how many of them have disappeared."
        ),
        "location": "Newark, NJ",
        "linkedin_url": "https://www.linkedin.com/in/tanya-williams",
        "stage": "searching",
        "target_roles": ["Scrum master", "IT project manager"],
        "industries": ["Logistics", "Technology"],
        "skills": ["Agile", "Project management", "Stakeholder management"],
        "target_companies": ["Initech", "Proseware"],
        "past_companies": [
            {"name": "Contoso Logistics", "from": 2016, "to": 2025},
        ],
        "looking_for": ("Advice on repositioning from scrum master to delivery or program manager."),
        "can_help_with": ("Agile and scrum coaching; introductions at Contoso Logistics."),
        "joined_weeks_ago": 8,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Hiroshi Tanaka",
        "email": "hiroshi.tanaka@example.net",
        "headline": "Former CFO, 30 years in airlines, exploring board roles",
        "bio": (
            "After sixteen years as a CFO I am not looking for another one. I want "
            "to understand how people find board and advisory seats, and I'm happy "
            "to mentor anyone in finance along the way."
        ),
        "location": "Scarsdale, NY",
        "linkedin_url": None,
        "stage": "exploring",
        "target_roles": ["Board member", "CFO"],
        "industries": ["Airlines", "Logistics"],
        "skills": ["Budgeting", "Treasury", "Stakeholder management"],
        "target_companies": [],
        "past_companies": [
            {"name": "Tailspin Airlines", "from": 2008, "to": 2024},
            {"name": "Contoso Logistics", "from": 2000, "to": 2008},
        ],
        "looking_for": "Introductions to people who sit on nonprofit or private company boards.",
        "can_help_with": ("Mentoring on finance leadership; introductions at Tailspin Airlines and Contoso Logistics."),
        "joined_weeks_ago": 6,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Megan O'Connell",
        "email": "megan.oconnell@example.net",
        "headline": "Accounting manager, month-end close and NetSuite, 11 years",
        "bio": (
            "I ran the close for a mid-size publisher and trained every new "
            "accountant we hired. I'm interviewing for accounting manager roles "
            "with a shorter commute."
        ),
        "location": "Morristown, NJ",
        "linkedin_url": "https://www.linkedin.com/in/megan-oconnell",
        "stage": "interviewing",
        "target_roles": ["Accounting manager", "Controller"],
        "industries": ["Publishing", "Media", "Healthcare"],
        "skills": ["GAAP", "NetSuite", "SOX compliance", "Excel"],
        "target_companies": ["Trey Research", "Acme Health"],
        "past_companies": [
            {"name": "Lucerne Publishing", "from": 2014, "to": 2025},
        ],
        "looking_for": ("A contact in finance at Trey Research; feedback on my answer to 'why are you leaving?'"),
        "can_help_with": ("NetSuite and month-end close questions; introductions at Lucerne Publishing."),
        "joined_weeks_ago": 13,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Kwame Mensah",
        "email": "kwame.mensah@example.net",
        "headline": "QA engineer moving into test automation, 7 years in SaaS",
        "bio": (
            "I've been the person who finds the bug before the customer does. I'm "
            "learning Python test automation and looking for an SDET role."
        ),
        "location": "Bronx, NY",
        "linkedin_url": "https://www.linkedin.com/in/kwame-mensah",
        "stage": "searching",
        "target_roles": ["QA engineer", "Software engineer"],
        "industries": ["Technology", "Fintech"],
        "skills": ["Python", "CI/CD", "Agile"],
        "target_companies": ["Litware", "Relecloud", "Meridian Analytics"],
        "past_companies": [
            {"name": "Proseware", "from": 2018, "to": 2025},
        ],
        "looking_for": ("A code review of my automation portfolio; intros at Meridian Analytics."),
        "can_help_with": ("Manual and exploratory testing tips; introductions at Proseware."),
        "joined_weeks_ago": 9,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Elena Popescu",
        "email": "elena.popescu@example.net",
        "headline": "Data scientist, forecasting and machine learning, PhD in statistics",
        "bio": (
            "I build forecasting models and spend most of my time explaining their "
            "uncertainty to people who want a single number. I'm interviewing for "
            "senior data scientist roles."
        ),
        "location": "New York, NY",
        "linkedin_url": "https://www.linkedin.com/in/elena-popescu",
        "stage": "interviewing",
        "target_roles": ["Data scientist"],
        "industries": ["Technology", "Healthcare", "Retail"],
        "skills": ["Python", "Machine learning", "SQL", "Forecasting"],
        "target_companies": ["Acme Health", "Wide World Importers", "Relecloud"],
        "past_companies": [
            {"name": "Meridian Analytics", "from": 2017, "to": 2025},
        ],
        "looking_for": ("Someone on the data team at Wide World Importers."),
        "can_help_with": ("Machine learning and statistics interview prep; introductions at Meridian Analytics."),
        "joined_weeks_ago": 17,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Jason Wu",
        "email": "jason.wu@example.net",
        "headline": "Frontend engineer at Relecloud; landed in 2025",
        "bio": (
            "I landed at Relecloud after a long search and a lot of take-home "
            "projects. The mock interviews here are the reason I finally passed a "
            "live coding round."
        ),
        "location": "Brooklyn, NY",
        "linkedin_url": "https://www.linkedin.com/in/jason-wu",
        "stage": "landed",
        "target_roles": [],
        "industries": ["Technology"],
        "skills": ["JavaScript", "React", "CI/CD"],
        "target_companies": [],
        "past_companies": [
            {"name": "Relecloud", "from": 2025, "to": None},
            {"name": "Initech", "from": 2019, "to": 2025},
        ],
        "looking_for": "Frontend engineers for two open roles on my team.",
        "can_help_with": ("Referrals at Relecloud; React and JavaScript live-coding practice."),
        "joined_weeks_ago": 40,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Isabel Santos",
        "email": "isabel.santos@example.net",
        "headline": "Business analyst, healthcare systems and reporting",
        "bio": (
            "I translate between clinicians and developers, which is half "
            "diplomacy and half SQL. I'm looking for a business analyst role that "
            "keeps me close to patients."
        ),
        "location": "Elizabeth, NJ",
        "linkedin_url": "https://www.linkedin.com/in/isabel-santos",
        "stage": "searching",
        "target_roles": ["Business analyst", "Product manager"],
        "industries": ["Healthcare", "Insurance"],
        "skills": ["SQL", "Power BI", "Stakeholder management"],
        "target_companies": ["Globex Insurance", "Trey Research"],
        "past_companies": [
            {"name": "Acme Health", "from": 2016, "to": 2025},
        ],
        "looking_for": "An introduction to the analytics team at Globex Insurance.",
        "can_help_with": ("Introductions at Acme Health; requirements writing and Power BI."),
        "joined_weeks_ago": 5,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Andre Dubois",
        "email": "andre.dubois@example.net",
        "headline": "Senior financial analyst, SaaS metrics and FP&A",
        "bio": (
            "I know more about annual recurring revenue than is healthy. I'm "
            "interviewing for FP&A roles at software companies and hoping to move "
            "up to manager."
        ),
        "location": "New York, NY",
        "linkedin_url": "https://www.linkedin.com/in/andre-dubois",
        "stage": "interviewing",
        "target_roles": ["FP&A manager", "Financial analyst"],
        "industries": ["Technology", "Fintech"],
        "skills": ["FP&A", "Financial modeling", "Salesforce", "Excel"],
        "target_companies": ["Proseware", "Relecloud", "Initech"],
        "past_companies": [
            {"name": "Litware", "from": 2018, "to": 2025},
        ],
        "looking_for": ("Someone in FP&A at Proseware; practice with a finance case interview."),
        "can_help_with": ("SaaS metrics and FP&A modeling; introductions at Litware."),
        "joined_weeks_ago": 19,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Nicole Fischer",
        "email": "nicole.fischer@example.net",
        "headline": "Controller, 13 years in logistics and distribution",
        "bio": (
            "I have an offer from Wide World Importers and a second interview "
            "elsewhere on Monday. Twenty-eight weeks ago I couldn't imagine "
            "having two options."
        ),
        "location": "White Plains, NY",
        "linkedin_url": "https://www.linkedin.com/in/nicole-fischer",
        "stage": "offer",
        "target_roles": ["Controller"],
        "industries": ["Logistics", "Retail"],
        "skills": ["GAAP", "SAP", "Audit", "Budgeting"],
        "target_companies": ["Wide World Importers", "Contoso Logistics"],
        "past_companies": [
            {"name": "Contoso Logistics", "from": 2012, "to": 2025},
        ],
        "looking_for": ("Advice on weighing two offers; anyone who knows finance leadership at Wide World Importers."),
        "can_help_with": ("SAP finance and audit prep; introductions at Contoso Logistics."),
        "joined_weeks_ago": 28,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Samuel Osei",
        "email": "samuel.osei@example.net",
        "headline": "Data analyst, Power BI and SQL, 5 years in banking",
        "bio": "Recently laid off from Northwind Bank. Looking for data analyst roles.",
        "location": "East Orange, NJ",
        "linkedin_url": "https://www.linkedin.com/in/samuel-osei",
        "stage": "searching",
        "target_roles": ["Data analyst"],
        "industries": ["Banking"],
        "skills": ["Power BI", "SQL"],
        "target_companies": ["Woodgrove Bank"],
        "past_companies": [
            {"name": "Northwind Bank", "from": 2020, "to": 2025},
        ],
        "looking_for": "Resume feedback.",
        "can_help_with": "Power BI dashboards.",
        "joined_weeks_ago": 2,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Leah Rosenberg",
        "email": "leah.rosenberg@example.net",
        "headline": "Investment analyst exploring a move into product management",
        "bio": (
            "I spent nine years analyzing software companies and realized I wanted "
            "to build one. I'm exploring product roles and figuring out which of "
            "my skills actually transfer."
        ),
        "location": "Brooklyn, NY",
        "linkedin_url": "https://www.linkedin.com/in/leah-rosenberg",
        "stage": "exploring",
        "target_roles": ["Product manager", "Business analyst"],
        "industries": ["Fintech", "Technology"],
        "skills": ["Financial modeling", "Stakeholder management"],
        "target_companies": ["Proseware", "Meridian Analytics"],
        "past_companies": [
            {"name": "Hudson Capital Partners", "from": 2016, "to": 2025},
        ],
        "looking_for": ("Coffee with product managers who came from finance."),
        "can_help_with": (
            "Reading a company's financials before an interview; introductions at Hudson Capital Partners."
        ),
        "joined_weeks_ago": 11,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Arjun Mehta",
        "email": "arjun.mehta@example.net",
        "headline": "Cloud engineer, AWS certified, 11 years in enterprise IT",
        "bio": (
            "I moved Initech's data centers to AWS and then automated myself out "
            "of a job. I'm interviewing for cloud and platform roles."
        ),
        "location": "Jersey City, NJ",
        "linkedin_url": "https://www.linkedin.com/in/arjun-mehta",
        "stage": "interviewing",
        "target_roles": ["DevOps engineer", "Solutions architect"],
        "industries": ["Technology", "Banking"],
        "skills": ["AWS", "Terraform", "Python", "Kubernetes"],
        "target_companies": ["Northwind Bank", "Litware"],
        "past_companies": [
            {"name": "Initech", "from": 2014, "to": 2025},
        ],
        "looking_for": ("An introduction to cloud engineering at Northwind Bank."),
        "can_help_with": ("AWS certification study plans; introductions at Initech."),
        "joined_weeks_ago": 15,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Camila Herrera",
        "email": "camila.herrera@example.net",
        "headline": "Bilingual financial analyst, 8 years in insurance",
        "bio": (
            "I built the budget reports for our Latin America business. I'm "
            "searching for FP&A roles and would love to use my Spanish and "
            "Portuguese again."
        ),
        "location": "Jackson Heights, NY",
        "linkedin_url": "https://www.linkedin.com/in/camila-herrera",
        "stage": "searching",
        "target_roles": ["Financial analyst", "FP&A manager"],
        "industries": ["Insurance", "Airlines", "Retail"],
        "skills": ["FP&A", "Budgeting", "Excel", "Power BI"],
        "target_companies": ["Tailspin Airlines", "Wide World Importers"],
        "past_companies": [
            {"name": "Globex Insurance", "from": 2017, "to": 2025},
        ],
        "looking_for": ("Someone in finance at Tailspin Airlines; help shortening my resume to one page."),
        "can_help_with": ("Spanish and Portuguese translation; introductions at Globex Insurance."),
        "joined_weeks_ago": 7,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Brian Sullivan",
        "email": "brian.sullivan@example.net",
        "headline": "IT director at Acme Health; alumnus since 2024",
        "bio": (
            "I was out of work for seven months in 2023. I landed at Acme Health "
            "through a member of this group, so I try to make at least one "
            "introduction for someone every month."
        ),
        "location": "Stamford, CT",
        "linkedin_url": "https://www.linkedin.com/in/brian-sullivan",
        "stage": "alumni",
        "target_roles": [],
        "industries": ["Healthcare", "Energy"],
        "skills": ["Project management", "Azure", "Stakeholder management"],
        "target_companies": [],
        "past_companies": [
            {"name": "Acme Health", "from": 2024, "to": None},
            {"name": "City Power & Light", "from": 2007, "to": 2023},
        ],
        "looking_for": "Business analysts and IT project managers for my team.",
        "can_help_with": ("Introductions at Acme Health; IT leadership interview prep."),
        "joined_weeks_ago": 80,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Yasmin Khalil",
        "email": "yasmin.khalil@example.net",
        "headline": "Software engineer, 2 years, bootcamp graduate",
        "bio": "",
        "location": "Paterson, NJ",
        "linkedin_url": None,
        "stage": "searching",
        "target_roles": ["Software engineer"],
        "industries": ["Technology"],
        "skills": ["JavaScript", "React"],
        "target_companies": [],
        "past_companies": [
            {"name": "Trey Research", "from": 2023, "to": 2025},
        ],
        "looking_for": "A referral anywhere.",
        "can_help_with": "React basics.",
        "joined_weeks_ago": 1,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Tyler Morgan",
        "email": "tyler.morgan@example.net",
        "headline": "Salesforce administrator and business analyst, 7 years",
        "bio": (
            "I keep the sales team's CRM running and their reports honest. I'd like "
            "a role that mixes Salesforce administration with real business "
            "analysis."
        ),
        "location": "Hempstead, NY",
        "linkedin_url": "https://www.linkedin.com/in/tyler-morgan",
        "stage": "searching",
        "target_roles": ["Business analyst", "Salesforce administrator"],
        "industries": ["Logistics", "Technology"],
        "skills": ["Salesforce", "SQL", "Stakeholder management"],
        "target_companies": ["Relecloud", "Contoso Logistics"],
        "past_companies": [
            {"name": "Consolidated Messenger", "from": 2018, "to": 2025},
        ],
        "looking_for": ("An introduction to the sales operations team at Relecloud."),
        "can_help_with": ("Salesforce reports and dashboards; introductions at Consolidated Messenger."),
        "joined_weeks_ago": 10,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Min-jun Park",
        "email": "minjun.park@example.net",
        "headline": "Quantitative risk analyst, 10 years in banking",
        "bio": (
            "I model credit losses under stress scenarios. I'm interviewing for "
            "risk and data science roles and learning to explain my work without "
            "equations."
        ),
        "location": "Palisades Park, NJ",
        "linkedin_url": "https://www.linkedin.com/in/minjun-park",
        "stage": "interviewing",
        "target_roles": ["Risk analyst", "Data scientist"],
        "industries": ["Banking", "Insurance"],
        "skills": ["Risk management", "Python", "Machine learning"],
        "target_companies": ["Northwind Bank", "Humongous Insurance"],
        "past_companies": [
            {"name": "Woodgrove Bank", "from": 2015, "to": 2025},
        ],
        "looking_for": "Someone in risk at Humongous Insurance.",
        "can_help_with": ("Introductions at Woodgrove Bank; risk management and Python modeling."),
        "joined_weeks_ago": 8,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Gabrielle Laurent",
        "email": "gabrielle.laurent@example.net",
        "headline": "IT audit manager, SOX compliance and controls",
        "bio": (
            "I audited IT controls for twelve years and I'm very good at asking "
            "uncomfortable questions politely. I'm searching for IT audit or risk "
            "roles."
        ),
        "location": "New York, NY",
        "linkedin_url": "https://www.linkedin.com/in/gabrielle-laurent",
        "stage": "searching",
        "target_roles": ["Internal auditor", "Risk analyst"],
        "industries": ["Insurance", "Banking"],
        "skills": ["Audit", "SOX compliance", "Risk management"],
        "target_companies": ["Globex Insurance", "Northwind Bank"],
        "past_companies": [
            {"name": "Humongous Insurance", "from": 2013, "to": 2025},
        ],
        "looking_for": ("An introduction to internal audit at Globex Insurance."),
        "can_help_with": ("SOX compliance questions; introductions at Humongous Insurance."),
        "joined_weeks_ago": 22,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Victor Ibrahim",
        "email": "victor.ibrahim@example.net",
        "headline": "Engineering manager, payments platform, 12 years in banking",
        "bio": (
            "I led the team that rebuilt Northwind Bank's payments platform. I'm "
            "interviewing for engineering manager roles outside banking, mostly to "
            "see something new."
        ),
        "location": "Weehawken, NJ",
        "linkedin_url": "https://www.linkedin.com/in/victor-ibrahim",
        "stage": "interviewing",
        "target_roles": ["Engineering manager"],
        "industries": ["Fintech", "Technology", "Retail"],
        "skills": ["Java", "Kubernetes", "Agile", "Stakeholder management"],
        "target_companies": ["Proseware", "Wide World Importers"],
        "past_companies": [
            {"name": "Northwind Bank", "from": 2014, "to": 2025},
        ],
        "looking_for": ("Anyone in engineering at Wide World Importers."),
        "can_help_with": ("Introductions at Northwind Bank; Java and payments systems questions."),
        "joined_weeks_ago": 18,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Stephanie Cho",
        "email": "stephanie.cho@example.net",
        "headline": "FP&A manager at Proseware; landed in 2025",
        "bio": (
            "I left Tailspin Airlines in a restructuring and landed at Proseware "
            "eight months later. I still come on Thursdays to help with case "
            "interviews."
        ),
        "location": "New York, NY",
        "linkedin_url": "https://www.linkedin.com/in/stephanie-cho",
        "stage": "landed",
        "target_roles": [],
        "industries": ["Technology", "Airlines"],
        "skills": ["FP&A", "Financial modeling", "Forecasting"],
        "target_companies": [],
        "past_companies": [
            {"name": "Proseware", "from": 2025, "to": None},
            {"name": "Tailspin Airlines", "from": 2016, "to": 2024},
        ],
        "looking_for": "Nothing right now; glad to help.",
        "can_help_with": ("Referrals at Proseware; FP&A case interview practice."),
        "joined_weeks_ago": 44,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Darnell Bell",
        "email": "darnell.bell@example.net",
        "headline": "IT infrastructure manager, networks and data centers, 16 years",
        "bio": "",
        "location": "Mount Vernon, NY",
        "linkedin_url": "https://www.linkedin.com/in/darnell-bell",
        "stage": "searching",
        "target_roles": ["IT project manager", "Solutions architect"],
        "industries": ["Energy", "Healthcare"],
        "skills": ["Azure", "Project management"],
        "target_companies": ["Acme Health"],
        "past_companies": [
            {"name": "City Power & Light", "from": 2009, "to": 2025},
        ],
        "looking_for": "An introduction to IT leadership at Acme Health.",
        "can_help_with": "Network and infrastructure questions.",
        "joined_weeks_ago": 12,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Ingrid Larsen",
        "email": "ingrid.larsen@example.net",
        "headline": "Director of finance operations, returning after a sabbatical",
        "bio": (
            "I took eighteen months off to reset after a hard few years. I'm "
            "exploring what kind of finance leadership role I want next."
        ),
        "location": "Greenwich, CT",
        "linkedin_url": None,
        "stage": "exploring",
        "target_roles": ["Controller", "Finance manager"],
        "industries": ["Retail"],
        "skills": ["Budgeting", "SAP"],
        "target_companies": [],
        "past_companies": [
            {"name": "Adventure Works", "from": 2010, "to": 2023},
        ],
        "looking_for": "How to talk about a sabbatical in interviews.",
        "can_help_with": "SAP finance and shared services questions.",
        "joined_weeks_ago": 3,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Paulo Ferreira",
        "email": "paulo.ferreira@example.net",
        "headline": "Data engineer, Snowflake and dbt, 6 years in logistics",
        "bio": (
            "I built the data warehouse that tracked every package at Contoso "
            "Logistics. I'm interviewing for data engineering roles and hoping to "
            "work closer to machine learning teams."
        ),
        "location": "Newark, NJ",
        "linkedin_url": "https://www.linkedin.com/in/paulo-ferreira",
        "stage": "interviewing",
        "target_roles": ["Data engineer"],
        "industries": ["Logistics", "Technology", "Retail"],
        "skills": ["Snowflake", "Data engineering", "Python", "SQL"],
        "target_companies": ["Meridian Analytics", "Wide World Importers"],
        "past_companies": [
            {"name": "Contoso Logistics", "from": 2019, "to": 2025},
        ],
        "looking_for": ("Someone who worked at Meridian Analytics; a Snowflake architecture review."),
        "can_help_with": ("Snowflake and SQL help; introductions at Contoso Logistics."),
        "joined_weeks_ago": 6,
        "role": "member",
    },
    {
        "group": "finance-tech-thursday-mornings",
        "name": "Kristen Walsh",
        "email": "kristen.walsh@example.net",
        "headline": "Treasury manager, 13 years in enterprise software",
        "bio": (
            "I ran cash, debt, and banking relationships for a software company. "
            "I'm searching for treasury manager roles and open to a hybrid "
            "commute into Manhattan."
        ),
        "location": "Hoboken, NJ",
        "linkedin_url": "https://www.linkedin.com/in/kristen-walsh",
        "stage": "searching",
        "target_roles": ["Treasury manager", "FP&A manager"],
        "industries": ["Technology", "Banking"],
        "skills": ["Treasury", "Forecasting", "Risk management"],
        "target_companies": ["Relecloud", "Hudson Capital Partners"],
        "past_companies": [
            {"name": "Initech", "from": 2012, "to": 2025},
        ],
        "looking_for": ("An introduction to finance at Relecloud; a treasury peer to trade notes with."),
        "can_help_with": ("Treasury and cash forecasting; introductions at Initech."),
        "joined_weeks_ago": 16,
        "role": "member",
    },
]

# ---------------------------------------------------------------------------
# Vocabularies for the synthetic-data generator
# ---------------------------------------------------------------------------

FIRST_NAMES = (
    "Aaliyah",
    "Aaron",
    "Abdul",
    "Adaeze",
    "Adriana",
    "Ahmed",
    "Aiden",
    "Aisha",
    "Akira",
    "Alejandro",
    "Alexis",
    "Alicia",
    "Amara",
    "Amir",
    "Ana",
    "Andre",
    "Andrea",
    "Angela",
    "Anh",
    "Anita",
    "Antonio",
    "Arjun",
    "Ayesha",
    "Beatriz",
    "Ben",
    "Beth",
    "Bilal",
    "Brandon",
    "Brianna",
    "Camila",
    "Carlos",
    "Carmen",
    "Chen",
    "Chidi",
    "Chioma",
    "Chloe",
    "Colleen",
    "Connor",
    "Dana",
    "Daniel",
    "Daniela",
    "Darnell",
    "David",
    "Deepa",
    "Denise",
    "DeShawn",
    "Diego",
    "Dmitri",
    "Ebony",
    "Elena",
    "Elif",
    "Emeka",
    "Emily",
    "Erin",
    "Esperanza",
    "Ethan",
    "Farah",
    "Fatima",
    "Felipe",
    "Fiona",
    "Gabriel",
    "Gabrielle",
    "Grace",
    "Greg",
    "Hamza",
    "Hana",
    "Hannah",
    "Hector",
    "Hiroshi",
    "Ibrahim",
    "Imani",
    "Ines",
    "Ingrid",
    "Isabel",
    "Isaiah",
    "Jamal",
    "Jasmine",
    "Jason",
    "Javier",
    "Jennifer",
    "Jia",
    "Jordan",
    "Jose",
    "Joy",
    "Juan",
    "Julia",
    "Kamala",
    "Karen",
    "Keiko",
    "Kenji",
    "Kevin",
    "Khadija",
    "Kofi",
    "Kristen",
    "Kwame",
    "Lakshmi",
    "Lan",
    "LaToya",
    "Laura",
    "Leah",
    "Leila",
    "Liam",
    "Lina",
    "Luis",
    "Malik",
    "Maria",
    "Marisol",
    "Marcus",
    "Megan",
    "Mei",
    "Mehmet",
    "Michael",
    "Min-jun",
    "Miriam",
    "Mohammed",
    "Nadia",
    "Natalie",
    "Nia",
    "Nicole",
    "Nikhil",
    "Noah",
    "Nora",
    "Olga",
    "Olumide",
    "Omar",
    "Oscar",
    "Patrick",
    "Paulo",
    "Priya",
    "Rachel",
    "Rafael",
    "Raj",
    "Ramon",
    "Rashid",
    "Rebecca",
    "Robert",
    "Rosa",
    "Ruth",
    "Samantha",
    "Samuel",
    "Sana",
    "Sean",
    "Seo-yeon",
    "Shauna",
    "Sofia",
    "Sunil",
    "Svetlana",
    "Tamika",
    "Tanya",
    "Thomas",
    "Tomasz",
    "Tuan",
    "Tyler",
    "Tyrone",
    "Valentina",
    "Victor",
    "Vikram",
    "Wei",
    "Xavier",
    "Yasmin",
    "Yolanda",
    "Yusuf",
    "Zainab",
    "Zoe",
)

LAST_NAMES = (
    "Abramowitz",
    "Adeyemi",
    "Aguilar",
    "Ahmed",
    "Ali",
    "Anderson",
    "Bakshi",
    "Bell",
    "Bergstrom",
    "Brennan",
    "Brooks",
    "Campbell",
    "Carter",
    "Castellano",
    "Castillo",
    "Chang",
    "Chen",
    "Cho",
    "Chowdhury",
    "Clark",
    "Cohen",
    "Costa",
    "Cruz",
    "Das",
    "Delgado",
    "Diaz",
    "Dimitrov",
    "Doyle",
    "Dubois",
    "Ellis",
    "Eze",
    "Farouk",
    "Ferreira",
    "Fischer",
    "Fitzgerald",
    "Flores",
    "Gallagher",
    "Garcia",
    "Goldberg",
    "Goldstein",
    "Gonzalez",
    "Gupta",
    "Haddad",
    "Hansen",
    "Harris",
    "Hartley",
    "Hassan",
    "Herrera",
    "Hoang",
    "Hughes",
    "Ibrahim",
    "Iyer",
    "Jackson",
    "Jenkins",
    "Johnson",
    "Kaur",
    "Khalil",
    "Khan",
    "Kim",
    "Kowalski",
    "Kumar",
    "Larsen",
    "Laurent",
    "Lee",
    "Levy",
    "Lindqvist",
    "Lopez",
    "Malhotra",
    "Marchetti",
    "Martinez",
    "McBride",
    "Mendoza",
    "Mensah",
    "Mehta",
    "Mohammed",
    "Moreno",
    "Morgan",
    "Murphy",
    "Nakamura",
    "Navarro",
    "Nguyen",
    "Novak",
    "Nwosu",
    "O'Brien",
    "O'Connell",
    "Okafor",
    "Okonkwo",
    "Oliveira",
    "Ortiz",
    "Osei",
    "Owusu",
    "Oyelaran",
    "Palmer",
    "Park",
    "Patel",
    "Perez",
    "Petrov",
    "Petrova",
    "Popescu",
    "Qureshi",
    "Rahman",
    "Raman",
    "Ramirez",
    "Reddy",
    "Reyes",
    "Rivera",
    "Robinson",
    "Rodriguez",
    "Romero",
    "Rosenberg",
    "Rossi",
    "Ruiz",
    "Saito",
    "Santos",
    "Schultz",
    "Schwartz",
    "Shah",
    "Sharma",
    "Silva",
    "Singh",
    "Sokolov",
    "Sullivan",
    "Suzuki",
    "Szymanski",
    "Tanaka",
    "Taylor",
    "Thomas",
    "Torres",
    "Tran",
    "Vargas",
    "Vega",
    "Volkov",
    "Walker",
    "Walsh",
    "Wang",
    "Washington",
    "Whitfield",
    "Williams",
    "Wilson",
    "Wojcik",
    "Wong",
    "Wu",
    "Yamada",
    "Yang",
    "Yilmaz",
    "Young",
    "Zhang",
    "Zhao",
    "Zielinski",
    "Abebe",
    "Baptiste",
    "Boateng",
    "Demir",
    "Estrada",
    "Friedman",
    "Ghosh",
    "Horvath",
    "Jovanovic",
    "Kapoor",
    "Lindgren",
    "Moreau",
)

ROLES = (
    # HR
    "HR generalist",
    "HR business partner",
    "HR manager",
    "HR director",
    "HRIS analyst",
    "HRIS manager",
    "HR operations manager",
    "People operations manager",
    "Talent acquisition manager",
    "Recruiter",
    "Technical recruiter",
    "Compensation analyst",
    "Compensation manager",
    "Total rewards manager",
    "Benefits manager",
    "Payroll manager",
    "Employee relations specialist",
    "Labor relations manager",
    "Learning and development manager",
    "Instructional designer",
    "DEI program manager",
    "People analytics manager",
    "Workforce planning manager",
    "Chief people officer",
    "HR consultant",
    # Finance
    "Financial analyst",
    "FP&A manager",
    "Finance manager",
    "Controller",
    "Accounting manager",
    "Staff accountant",
    "Treasury analyst",
    "Treasury manager",
    "Internal auditor",
    "Risk analyst",
    "CFO",
    "Fractional CFO",
    # Technology
    "Software engineer",
    "Data analyst",
    "Data engineer",
    "Data scientist",
    "DevOps engineer",
    "Solutions architect",
    "QA engineer",
    "Engineering manager",
    "Product manager",
    "Business analyst",
    "IT project manager",
    "Scrum master",
    "Salesforce administrator",
    "IT director",
    "Board member",
)

INDUSTRIES = (
    "Healthcare",
    "Manufacturing",
    "Financial services",
    "Banking",
    "Insurance",
    "Fintech",
    "Logistics",
    "Retail",
    "Food and beverage",
    "Technology",
    "Higher education",
    "Nonprofit",
    "Airlines",
    "Energy",
    "Publishing",
    "Media",
    "Consulting",
    "Government",
    "Real estate",
    "Hospitality",
    "Pharmaceuticals",
    "Telecommunications",
    "Construction",
)

SKILLS = (
    # HR
    "HRIS",
    "Workday",
    "SAP SuccessFactors",
    "ADP",
    "UKG",
    "Talent acquisition",
    "Greenhouse",
    "Employee relations",
    "Labor relations",
    "Compensation",
    "Benefits administration",
    "FMLA",
    "Payroll",
    "Onboarding",
    "Performance management",
    "Learning and development",
    "Coaching",
    "DEI",
    "Org design",
    "Change management",
    "Succession planning",
    "Workforce planning",
    "HR analytics",
    "Policy writing",
    # Finance
    "FP&A",
    "Financial modeling",
    "Budgeting",
    "Forecasting",
    "GAAP",
    "Audit",
    "SOX compliance",
    "Risk management",
    "Treasury",
    "NetSuite",
    "SAP",
    "Excel",
    "Power BI",
    "Tableau",
    # Technology
    "Python",
    "SQL",
    "Java",
    "JavaScript",
    "React",
    "AWS",
    "Azure",
    "Kubernetes",
    "Terraform",
    "CI/CD",
    "Snowflake",
    "Data engineering",
    "Machine learning",
    "Salesforce",
    "Agile",
    "Project management",
    # General
    "Stakeholder management",
    "Public speaking",
    "Vendor management",
    "Process improvement",
    "Cross-functional leadership",
    "Negotiation",
    "Bilingual Spanish",
    "Budget ownership",
)

COMPANIES = (
    # Companies used in MEMBERS
    "Acme Health",
    "Northwind Health",
    "Northwind Bank",
    "Contoso Logistics",
    "Fabrikam Foods",
    "Globex Insurance",
    "Initech",
    "Tailspin Airlines",
    "Wide World Importers",
    "Litware",
    "Proseware",
    "Adventure Works",
    "Woodgrove Bank",
    "Fourth Coffee",
    "Lucerne Publishing",
    "Trey Research",
    "Relecloud",
    "Humongous Insurance",
    "VanArsdel Manufacturing",
    "Consolidated Messenger",
    "City Power & Light",
    "Lakeshore Manufacturing",
    "Prairie Mutual",
    "Hudson Capital Partners",
    "Meridian Analytics",
    # Additional fictional companies for synthetic data
    "Alpine Ski House",
    "Coho Winery",
    "Blue Harbor Credit Union",
    "Cedar Ridge Health",
    "Crescent Freight",
    "Evergreen Mutual",
    "Fairview Medical Group",
    "Granite Peak Software",
    "Harborview Hospital",
    "Ironwood Energy",
    "Juniper Payments",
    "Keystone Freight",
    "Lakeview Retail Group",
    "Maple Street Bank",
    "Midway Components",
    "Northstar Analytics",
    "Oakbrook Financial",
    "Pinecrest Foods",
    "Quarry Lane Partners",
    "Redwood Data Systems",
    "Riverside Community College",
    "Sable Point Media",
    "Silverline Telecom",
    "Stonebridge Capital",
    "Summit Credit Union",
    "Thornfield Pharma",
    "Union Station Outfitters",
    "Vantage Cloud Systems",
    "Westfield Staffing",
    "Willow Creek Senior Living",
    "Yellowpine Software",
    "Zephyr Robotics",
    "Bellwether Consulting",
    "Copperline Insurance",
    "Driftwood Hotels",
    "Elm & Ash Retail",
    "Foxglove Biotech",
    "Gateway Transit Partners",
    "Hearthstone Homes",
    "Lantern Learning",
)

CITIES = (
    # Chicago area
    "Chicago, IL",
    "Evanston, IL",
    "Oak Park, IL",
    "Naperville, IL",
    "Schaumburg, IL",
    "Skokie, IL",
    "Aurora, IL",
    "Joliet, IL",
    "Arlington Heights, IL",
    "Cicero, IL",
    "Downers Grove, IL",
    "Wheaton, IL",
    "Elmhurst, IL",
    "Des Plaines, IL",
    "Hammond, IN",
    "Kenosha, WI",
    # New York area
    "New York, NY",
    "Brooklyn, NY",
    "Bronx, NY",
    "Astoria, NY",
    "Yonkers, NY",
    "White Plains, NY",
    "New Rochelle, NY",
    "Staten Island, NY",
    "Jersey City, NJ",
    "Hoboken, NJ",
    "Newark, NJ",
    "Montclair, NJ",
    "Edison, NJ",
    "Stamford, CT",
    "Greenwich, CT",
    # Elsewhere
    "Milwaukee, WI",
    "Minneapolis, MN",
    "Columbus, OH",
    "Philadelphia, PA",
    "Boston, MA",
    "Atlanta, GA",
    "Denver, CO",
    "Austin, TX",
)

HEADLINE_TEMPLATES = (
    "{role}, {years} years in {industry}",
    "{role} with {years} years of experience in {industry}",
    "{role} | {industry} | {years} years",
    "Experienced {role}, {years} years across {industry}",
    "{role} in transition after {years} years in {industry}",
    "{role} looking for my next team; {years} years in {industry}",
    "{industry} {role}, {years} years",
    "Former {role}, {years} years in {industry}",
    "{role} open to new opportunities in {industry}",
    "{years}-year {industry} veteran, {role}",
    "{role}; {years} years building teams in {industry}",
    "{role} who loves {industry}, {years} years and counting",
    "Seasoned {role} ({years} years, {industry})",
    "{role} moving on after {years} years in {industry}",
    "{role}, {industry} background, {years} years of results",
    "Career {role} in {industry} for {years} years",
)

ASK_TEMPLATES = (
    "An introduction to someone at {company}.",
    "An introduction to a {role} at {company}.",
    "Advice on moving into a {role} role.",
    "Someone who worked at {company} and can tell me about the culture.",
    "Feedback on my resume for {role} roles.",
    "A mock interview for a {role} position.",
    "Advice on breaking into {industry}.",
    "Anyone who can help me get better at {skill}.",
    "A referral for the {role} opening at {company}.",
    "Contacts in {industry} who are hiring.",
    "A study partner for {skill}.",
    "Insight into how {company} uses {skill}.",
    "Help positioning my {skill} experience for {industry} employers.",
    "A coffee chat with someone who made the jump into {industry}.",
    "Advice on negotiating an offer for a {role} role.",
    "Someone who knows the hiring manager for {role} roles at {company}.",
)

OFFER_TEMPLATES = (
    "Introductions at {company}.",
    "I know {skill} inside out and I'm happy to answer questions.",
    "Resume reviews for {role} roles.",
    "Mock interviews for {role} positions.",
    "Advice on working in {industry}.",
    "A practice session on {skill}.",
    "Referrals at {company}, where I worked for years.",
    "Tips for getting hired in {industry}.",
    "What it's really like to be a {role} at {company}.",
    "Walking anyone through {skill} basics.",
    "Connections across {industry}.",
    "Interview prep for {industry} employers, especially {company}.",
    "LinkedIn profile feedback for anyone targeting {role} roles.",
    "A listening ear and honest feedback on your {skill} pitch.",
    "Salary benchmarks for {role} roles in {industry}.",
    "Introductions to {role} hiring managers I know.",
)
