"""A hand-labelled set of pairs for the engine's reasons: realistic asks, offers and profiles of HR,
finance, tech and healthcare people between jobs, with the traps that made reasons false before.

Each case names the kinds of reason that are truly warranted for the pair, marked by hand from what
the two profiles say (possibly none), and where useful a phrase each reader's text must contain.
Stages default to "searching" for both, so that only what a case is about can warrant a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from app.matching.engine import PastJob, ReasonKind, Snapshot
from app.profiles.tags import canonical

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Profile:
    name: str
    stage: str = "searching"
    roles: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    jobs: tuple[tuple[str, int | None, int | None], ...] = ()  # company, start, end (None: still there)
    asks: str = ""
    offers: str = ""
    hiring: tuple[str, ...] = ()
    hiring_at: str = ""
    knows: tuple[str, ...] = ()  # companies where they know people, shared with the group

    def snapshot(self, person_id: int) -> Snapshot:
        labels: dict[str, str] = {}

        def tags(values: tuple[str, ...]) -> frozenset[str]:
            for value in values:
                labels[canonical(value)] = value
            return frozenset(canonical(value) for value in values)

        jobs = tuple(PastJob(canonical(company), company, start, end) for company, start, end in self.jobs)
        for company in (
            *(job[0] for job in self.jobs),
            *([self.hiring_at] if self.hiring_at else []),
            *self.knows,
        ):
            labels[canonical(company)] = company
        return Snapshot(
            person_id,
            self.name,
            stage=self.stage,
            joined_at=NOW - timedelta(days=400),
            target_roles=tags(self.roles),
            industries=tags(self.industries),
            skills=tags(self.skills),
            target_companies=tags(self.targets),
            past_jobs=jobs,
            asks=self.asks,
            offers=self.offers,
            labels=labels,
            introductions=2,
            connections=2,
            hiring_roles=tags(self.hiring),
            hiring_company=canonical(self.hiring_at) if self.hiring_at else "",
            known_companies=frozenset(canonical(company) for company in self.knows),
        )


@dataclass(frozen=True)
class Case:
    about: str
    a: Profile
    b: Profile
    kinds: frozenset[ReasonKind]
    a_reads: str = ""  # a phrase A's own text must contain
    b_reads: str = ""
    ids: tuple[int, int] = field(default=(1, 2))

    def snapshots(self) -> tuple[Snapshot, Snapshot]:
        return self.a.snapshot(self.ids[0]), self.b.snapshot(self.ids[1])


def case(about: str, a: Profile, b: Profile, kinds: str = "", a_reads: str = "", b_reads: str = "") -> Case:
    return Case(about, a, b, frozenset(ReasonKind(kind) for kind in kinds.split()), a_reads, b_reads)


P = Profile
T, S, POSSIBLE, C, N = "topic", "skill", "possible_topic", "target_company", "named_company"
H, B, R, I, X = "hiring", "been_there", "shared_role", "shared_industry", "practice"  # noqa: E741 (labels)
K = "knows_people"

CASES: list[Case] = [
    # --- the same need in other words: asks and offers meet on a topic ---------------------------
    case(
        "CV is resume",
        P("Amara Obi", asks="Could someone look over my CV before I apply?"),
        P("Ben Foster", offers="Resume reviews for finance roles"),
        T,
        "Ben can help with resumes",
    ),
    case(
        "mock interview is interview prep",
        P("Carla Mendes", asks="Mock interviews, please. I freeze up."),
        P("Dev Patel", offers="Interview prep for HR roles"),
        T,
        "interview practice",
        "Carla is looking for help",
    ),
    case(
        "comp negotiation is salary negotiation",
        P("Elif Demir", asks="Help with comp negotiation on an offer I just got"),
        P("Femi Adebayo", offers="Salary negotiation coaching"),
        T,
        "salary and offer negotiation",
    ),
    case(
        "LinkedIn",
        P("Gita Rao", asks="Feedback on my LinkedIn profile"),
        P("Hugo Brandt", offers="I rewrite LinkedIn headlines and summaries"),
        T,
        "LinkedIn profiles",
    ),
    case(
        "a caregiving break is a career gap",
        P("Ines Duarte", asks="How do I explain a two-year caregiving break?"),
        P("Jon Keller", offers="I came back after a career break and can share how I talked about it"),
        T,
        "explaining a career gap",
    ),
    case(
        "a referral",
        P("Kofi Mensah", asks="A referral, anywhere really."),
        P("Lena Fischer", offers="Happy to refer good people at Litware"),
        T,
        "referrals",
    ),
    case(
        "a pivot from teaching into L&D",
        P("Maya Cohen", asks="Advice on a career pivot from teaching into L&D"),
        P("Nils Berg", offers="I made the switch from teaching to instructional design and love talking about it"),
        T,
        "changing fields",
    ),
    case(
        "freelance and consulting",
        P("Omar Haddad", asks="Talking to people who freelance as HR consultants"),
        P("Paula Reyes", offers="I've run my own HR consulting practice for six years"),
        T,
        "going independent",
    ),
    case(
        "fractional work",
        P("Quinn Doyle", asks="How fractional CFO work actually finds clients"),
        P("Rita Sousa", offers="Fractional finance leadership; I went independent in 2021"),
        T,
        "going independent",
    ),
    case(
        "Workday reporting",
        P("Sara Lind", asks="Someone who knows Workday reporting"),
        P("Tom Becker", offers="Workday HCM and reporting"),
        T,
        "Workday",
    ),
    case(
        "networking",
        P("Uma Nair", asks="Networking tips for an introvert"),
        P("Victor Lam", offers="Networking strategy and coffee chats"),
        T,
        "networking",
    ),
    case(
        "an elevator pitch is personal branding",
        P("Wen Li", asks="Feedback on my elevator pitch"),
        P("Xavier Dupont", offers="Personal branding workshops"),
        T,
        "personal branding",
    ),
    case(
        "cover letters",
        P("Yara Haddad", asks="Someone to read my cover letter"),
        P("Zoe Martin", offers="Cover letters and resumes"),
        T,
        "cover letters",
    ),
    case(
        "job search strategy",
        P("Aaron Price", asks="A job search strategy that isn't just applying online"),
        P("Bea Lopez", offers="I help people build a search plan and target list"),
        T,
        "job search strategy",
    ),
    case(
        "informational interviews",
        P("Cyrus Vance", asks="How to ask for informational interviews without being awkward"),
        P("Dana Ortiz", offers="Coffee chats: I'll show you how I set up thirty a month"),
        T,
        "informational interviews",
    ),
    case(
        "new managers",
        P("Eli Novak", asks="Advice for a first-time manager"),
        P("Fay Ahmed", offers="Leadership coaching for new managers"),
        T,
        "leadership and people management",
    ),
    case(
        "SQL",
        P("Gus Moreno", asks="Help getting better at SQL for analyst interviews"),
        P("Hana Sato", offers="SQL and Tableau help"),
        T,
        "data and analytics",
    ),
    case(
        "talent acquisition is recruiting",
        P("Ivy Chen", asks="Understanding how talent acquisition works"),
        P("Jay Brooks", offers="Ten years in recruiting; happy to explain the job"),
        T,
        "recruiting and talent acquisition",
    ),
    case(
        "COBRA is benefits",
        P("Kim Larsen", asks="Understanding COBRA before my coverage ends"),
        P("Leo Russo", offers="Benefits questions, including COBRA and open enrollment"),
        T,
        "benefits",
    ),
    case(
        "a non-compete",
        P("Mia Kovac", asks="Someone who knows employment law to look at a non-compete"),
        P("Nate Ford", offers="Employment law questions (I'm an HR compliance lead, not a lawyer)"),
        T,
        "employment law",
    ),
    case(
        "learning about DEI",
        P("Olga Petrov", asks="Learning how DEI programs are run"),
        P("Pete Garner", skills=("DEI",), offers="Building employee resource groups"),
        T,
        "DEI",
    ),
    case(
        "instructional design",
        P("Rosa Lima", asks="Instructional design advice"),
        P("Sam Whitaker", offers="L&D and training design"),
        T,
        "learning and development",
    ),
    case(
        "multi-state payroll",
        P("Tariq Aziz", asks="Payroll tax questions for a multi-state setup"),
        P("Una Walsh", offers="Multi-state payroll"),
        T,
        "payroll",
    ),
    case(
        "the PMP",
        P("Vera Stone", asks="Studying for the PMP"),
        P("Will Chang", offers="PMP study tips and project management mentoring"),
        T,
        "project management",
    ),
    case(
        "breaking into product",
        P("Xena Park", asks="Breaking into product management from operations"),
        P("Yosef Adler", offers="Product manager here; happy to talk about the role"),
        T,
        "product management",
    ),
    case(
        "month-end close",
        P("Zara Khan", asks="Month-end close best practices"),
        P("Abel Ruiz", offers="Accounting and close process questions"),
        T,
        "accounting",
    ),
    case(
        "financial modeling",
        P("Bianca Rossi", asks="Learning financial modeling for FP&A interviews"),
        P("Caleb Hunt", offers="Three-statement model walkthroughs"),
        T,
        "FP&A and financial modeling",
    ),
    case(
        "a help desk",
        P("Diego Torres", asks="Someone who has run an IT help desk"),
        P("Edith Moore", offers="IT support and service desk management"),
        T,
        "IT and infrastructure",
    ),
    case(
        "healthcare from outside",
        P("Farah Said", asks="Understanding the healthcare industry as an outsider"),
        P("Gabe Lucas", offers="Hospital systems and nurse staffing questions"),
        T,
        "questions about healthcare",
    ),
    case(
        "a mentor",
        P("Helga Dahl", asks="A mentor who has been a controller"),
        P("Ivan Horvat", offers="Mentoring early-career accountants"),
        T,
        "mentoring",
    ),
    case(
        "an accountability partner",
        P("Jada King", asks="An accountability partner for weekly applications"),
        P("Karl Weber", offers="I'd love an accountability buddy too"),
        T,
        "staying accountable",
    ),
    case(
        "board seats",
        P("Lara Costa", asks="How to land a first nonprofit board seat"),
        P("Milo Grant", offers="I sit on two nonprofit boards and can explain how I got there"),
        T,
        "board roles",
    ),
    case(
        "severance",
        P("Nina Volkova", asks="Making sense of my severance package"),
        P("Otto Klein", offers="Severance and final-pay math"),
        T,
        "severance",
    ),
    case(
        "talking about a layoff",
        P("Pia Jensen", asks="How to talk about being laid off without sounding bitter"),
        P("Ravi Iyer", offers="How to explain a layoff in interviews"),
        T,
        "talking about layoffs",
    ),
    case(
        "system design and live coding",
        P("Sven Olsen", asks="A mock system design interview"),
        P("Tina Marsh", offers="LeetCode and live coding practice"),
        T,
        "technical interview practice",
    ),
    case(
        "a finance case interview",
        P("Uri Levin", asks="Practice with a finance case interview"),
        P("Vicky Hale", offers="FP&A case interview practice"),
        T,
        "case interview practice",
    ),
    case(
        "any interview practice meets coding practice",
        P("Wade Nash", asks="Interview practice, any kind"),
        P("Xiu Ming", offers="Coding interview practice"),
        T,
        "interview practice",
    ),
    case(
        "Excel",
        P("Yusuf Kaya", asks="Getting faster in Excel"),
        P("Zainab Ali", offers="Excel shortcuts and pivot tables"),
        T,
        "Excel and spreadsheets",
    ),
    case(
        "AWS certifications",
        P("Alan Byrne", asks="AWS certification advice"),
        P("Bella Cruz", offers="I passed three AWS certifications; study plans"),
        T,
        "cloud and DevOps",
    ),
    case(
        "cash management",
        P("Cora Webb", asks="Cash management questions from someone in treasury"),
        P("Drew Ellis", offers="Treasury and FX"),
        T,
        "treasury and cash management",
    ),
    case(
        "SOX",
        P("Esme Grey", asks="Preparing for a SOX audit role"),
        P("Felix Baum", offers="Internal audit and SOX compliance questions"),
        T,
        "audit and SOX compliance",
    ),
    case(
        "translation",
        P("Gloria Vega", asks="Someone to check my Spanish translation of a cover letter"),
        P("Hiro Sato", offers="Translation between Spanish and English"),
        T,
        "translation",
    ),
    case("plurals", P("Iris Nolan", asks="Mock interviews"), P("Jack Dunn", offers="Practice interviews"), T),
    case("accents", P("Kaia Berg", asks="Help with my résumé"), P("Liam Shaw", offers="Resume reviews"), T, "resumes"),
    case(
        "Linked In spelled apart", P("Mona Aziz", asks="Linked In profile help"), P("Noel Hart", offers="LinkedIn"), T
    ),
    case(
        "read is not the signal, resumes are",
        P("Opal Reed", asks="Someone to read my resume"),
        P("Paz Romero", offers="I read resumes all day as a recruiter"),
        T,
        "resumes",
    ),
    case(
        "salary questions in interviews",
        P("Quincy Adams", asks="Practice for salary questions in interviews"),
        P("Rhea Das", offers="Salary negotiation"),
        T,
        "salary and offer negotiation",
    ),
    case(
        "ER investigations",
        P("Seth Cole", asks="Help understanding ER investigations"),
        P("Tara Quinn", offers="Workplace investigations and PIPs"),
        T,
        "employee relations",
    ),
    case(
        "IT is a word only when written so",
        P("Ugo Bassi", asks="Is it worth getting a PMP?"),
        P("Val Moss", offers="IT project management"),
        T,
        "project management",
    ),
    case(
        "two topics in one ask",
        P("Wanda Ibsen", asks="Career change advice, and someone to look at my resume"),
        P("Xander Fox", offers="I changed careers at 45; resume rewrites for career changers"),
        T,
        "changing fields and resumes",
    ),
    case(
        "a code review",
        P("Yuki Mori", skills=("Python",), asks="A code review of my automation portfolio"),
        P("Zeke Marlow", offers="Code reviews for Python projects"),
        T,
        "code and portfolio reviews",
    ),
    case(
        "negotiating a start date",
        P("Alma Ortiz", stage="offer", asks="Tips for negotiating start date and PTO"),
        P("Boris Ivanov", stage="offer", offers="Salary benchmarking and offer negotiation"),
        T,
    ),
    case(
        "weighing two offers",
        P("Cami Hale", asks="Advice on weighing two offers"),
        P("Dario Conti", offers="Reading an offer letter and comparing offers"),
        T,
    ),
    case(
        "going back in-house",
        P("Edda Holm", asks="Honest conversations with people who went back in-house after consulting"),
        P("Fitz Noble", offers="I went back in-house after eight years consulting"),
        T,
        "going back in-house",
    ),
    case(
        "executive recruiters",
        P("Greta Sol", asks="Introductions to executive recruiters who place HR leaders"),
        P("Hal Pryor", offers="I know a dozen executive search firms in the Midwest"),
        T,
        "working with recruiters",
    ),
    case(
        "staying motivated",
        P("Ilse Roth", asks="Staying motivated after the tenth rejection"),
        P("Joel Marsh", offers="Moral support and a weekly walk"),
        T,
        "staying motivated",
    ),
    case(
        "startup HR",
        P("Kara Lund", asks="How startup HR differs from big-company HR"),
        P("Lars Eng", offers="Startup HR: first handbooks and building a people team from zero"),
        T,
        "HR at startups",
    ),
    # --- an ask met by a skill the other lists ---------------------------------------------------------
    case(
        "UKG among skills",
        P("Mark Stein", asks="UKG timekeeping questions"),
        P("Nadia Rahman", skills=("UKG",)),
        S,
        "Nadia’s skills include UKG",
        "one of your skills",
    ),
    case(
        "Workday among skills",
        P("Olu Bello", asks="Someone with Workday experience"),
        P("Pam Irwin", skills=("Workday",)),
        S,
        "Workday",
    ),
    case(
        "FMLA among skills",
        P("Quade Lyons", asks="Help with FMLA paperwork questions"),
        P("Rena Adler", skills=("Benefits administration", "FMLA")),
        S,
        "benefits",
    ),
    case(
        "Tableau among skills",
        P("Stan Wolfe", asks="Tableau dashboards for my portfolio"),
        P("Tess Ng", skills=("Tableau",)),
        S,
        "data and analytics",
    ),
    case(
        "resume writing among skills",
        P("Umar Sheikh", asks="I need help with my resume"),
        P("Vita Lane", skills=("Resume writing",)),
        S,
    ),
    case(
        "org design among skills",
        P("Walt Dorsey", asks="Advice on org design for a small company"),
        P("Xia Wu", skills=("Org design",)),
        S,
        "org design and change management",
    ),
    case(
        "Python among skills",
        P("Yves Roche", asks="Python for data analysis"),
        P("Zita Farkas", skills=("Python",)),
        S,
        "software engineering",
    ),
    case(
        "Salesforce among skills",
        P("Ada Quinn", asks="Getting better at Salesforce reports"),
        P("Bo Lindgren", skills=("Salesforce",)),
        S,
    ),
    # --- weak matches, worded as weak -----------------------------------------------------------------
    case(
        "interviews coming up",
        P("Cal Rivers", asks="Second-round interviews coming up"),
        P("Dot Evans", offers="Mock interviews"),
        POSSIBLE,
        "might be able to help",
        "You might be able to help Cal",
    ),
    case(
        "a final round at a named company",
        P("Erin Voss", asks="I have a final round at Litware next week"),
        P("Finn Moyo", offers="Mock interviews"),
        POSSIBLE,
    ),
    case(
        "benefits roles in healthcare",
        P("Gwen Tate", asks="Benefits roles in healthcare"),
        P("Hank Oduya", offers="Healthcare HR and nurse staffing questions"),
        POSSIBLE,
        "questions about healthcare",
    ),
    case(
        "coaching, vaguely",
        P("Isla Boyd", asks="Coaching, I think"),
        P("Jorge Pena", offers="Career coaching"),
        POSSIBLE,
        "career coaching",
    ),
    case(
        "a pitch, vaguely",
        P("Kemal Oz", asks="Something around my pitch"),
        P("Lorna Pike", offers="Elevator pitch practice"),
        POSSIBLE,
    ),
    case(
        "reporting, vaguely",
        P("Mads Toft", asks="Reporting skills"),
        P("Nia Brown", offers="Power BI dashboards"),
        POSSIBLE,
    ),
    case(
        "the insurance world",
        P("Odile Ferrand", asks="Interested in the insurance world"),
        P("Pavel Novak", offers="Insurance claims experience"),
        POSSIBLE,
    ),
    case(
        "a study partner for outreach",
        P("Rana Aziz", asks="An accountability partner for weekly outreach"),
        P("Sol Baker", offers="LeetCode study partner"),
        POSSIBLE,
    ),
    case(
        "startup, vaguely",
        P("Tom Ulrich", asks="Someone who has done HR at a startup"),
        P("Uma Kapoor", offers="Startup HR: first handbooks and building a people team"),
        POSSIBLE,
    ),
    case(
        "a gap to explain in interviews",
        P("Vik Rao", asks="How to explain my career gap in interviews"),
        P("Wren Hill", offers="Mock interviews"),
        POSSIBLE,
    ),
    case(
        "a hint of interviews is not a match for a hint",
        P("Xio Brandt", asks="Interviews, maybe"),
        P("Yan Wu", offers="I've done a lot of interviewing"),
        "",
    ),
    # --- a single shared word is nothing ------------------------------------------------------------
    case(
        "read",
        P("Zed Ames", asks="Someone to read my drafts"),
        P("Alba Reyes", offers="I read a lot of business books"),
        "",
    ),
    case(
        "questions",
        P("Bram Visser", asks="I have questions about everything"),
        P("Cleo Hart", offers="Happy to answer questions"),
        "",
    ),
    case(
        "not sure yet",
        P("Dina Popa", asks="Honestly, not sure yet."),
        P("Egon Frey", offers="Not sure yet, but I'm a good listener."),
        "",
    ),
    case("anything really", P("Fia Lund", asks="Anything really"), P("Gil Stone", offers="Anything you need"), ""),
    case(
        "no idea", P("Hedy Kranz", asks="No idea where to begin"), P("Ike Obi", offers="Happy to help where I can"), ""
    ),
    case("help", P("Jana Horak", asks="Help!"), P("Kurt Sand", offers="Help with anything HR"), ""),
    case("HR", P("Lucy Kemp", asks="People who work in HR"), P("Marc Oller", offers="I work in HR"), ""),
    case("time", P("Nell Price", asks="More time to think"), P("Oren Tal", offers="Time management tips"), ""),
    case(
        "experience",
        P("Pia Moreau", asks="Someone with experience"),
        P("Rolf Haas", offers="Twenty years of experience"),
        "",
    ),
    case("team", P("Sia Long", asks="A team to join"), P("Theo Blake", offers="Team building"), ""),
    case("tech", P("Ulla Berg", asks="Roles in tech"), P("Vlad Petrov", offers="Tech talk"), ""),
    case("data, vaguely, twice", P("Wim Claes", asks="Just data, I guess"), P("Xu Lin", offers="I love data"), ""),
    case(
        "open to anything",
        P("Yael Gold", asks="Open to anything!"),
        P("Zoran Ilic", offers="Open enrollment questions"),
        "",
    ),
    case(
        "getting started",
        P("Anke Vos", asks="Just getting started."),
        P("Bjorn Aas", offers="Getting started guides for Workday"),
        "",
    ),
    case(
        "benefits of",
        P("Cleo Marsh", asks="The benefits of networking, explained"),
        P("Dirk Brandt", offers="Benefits open enrollment"),
        "",
    ),
    case("vague offer", P("Edie Fox", asks="Resume help"), P("Fred Lowe", offers="Happy to help where I can"), ""),
    case("vaguer offer", P("Gail Moss", asks="Interview practice"), P("Hans Beck", offers="Anything, really"), ""),
    case(
        "a hint meets a different topic",
        P("Ian Marsh", asks="Resume help"),
        P("Jill Pratt", offers="Happy to look at portfolios"),
        "",
    ),
    case(
        "questions about benefits, and happy to answer questions",
        P("Kit Lowry", asks="Questions about benefits"),
        P("Lou Amar", offers="Happy to answer questions"),
        "",
    ),
    case(
        "excel the verb",
        P("Mila Horn", asks="I want to excel at interviews"),
        P("Ned Price", offers="Excel modeling"),
        "",
    ),
    case(
        "er the hesitation",
        P("Oona Pratt", asks="er, not sure what I need"),
        P("Paco Diaz", offers="Employee relations"),
        "",
    ),
    case(
        "react the verb",
        P("Rosa Ng", asks="How do I react when recruiters ghost me?"),
        P("Sami Aho", offers="React and JavaScript"),
        "",
    ),
    case(
        "workday the noun",
        P("Tove Lie", asks="My workday is empty; how do I structure it?"),
        P("Ugo Ricci", skills=("Workday",)),
        "",
    ),
    case(
        "a system design mock is not behavioral prep",
        P("Vito Greco", asks="A mock system design interview"),
        P("Wes Noor", offers="Behavioral interview prep"),
        "",
    ),
    case(
        "background in interviews is context",
        P(
            "Xerxes Bell",
            skills=("HRIS", "SAP SuccessFactors"),
            asks="Advice from someone who knows Workday on how to talk about a SuccessFactors background in interviews",
        ),
        P("Yvette Moss", offers="Mock interviews for HR leadership roles"),
        "",
    ),
    case(
        "an architecture review is not a take-home review",
        P("Zack Orr", asks="A take-home assignment review"),
        P("Amit Joshi", offers="Azure architecture reviews"),
        "",
    ),
    # --- what the asker already has is not an ask --------------------------------------------------------
    case(
        "a DEI programme manager repositioning DEI",
        P(
            "Olumide Adeyemi",
            skills=("DEI", "Learning and development", "Talent acquisition"),
            asks="Advice on repositioning DEI experience for talent and L&D roles.",
        ),
        P("Maya Okoro", skills=("DEI",), offers="DEI strategy and employee resource groups"),
        "",
    ),
    case(
        "repositioning is a change of field",
        P(
            "Tunde Bakare",
            skills=("DEI", "Learning and development"),
            asks="Advice on repositioning DEI experience for talent and L&D roles.",
        ),
        P("Cass Wilder", offers="I coach career changers on transferable skills"),
        T,
        "changing fields",
    ),
    case(
        "a payroll manager asking about payroll",
        P("Piotr Nowak", skills=("Payroll",), asks="Payroll questions"),
        P("Quin Sato", offers="Payroll questions of any kind"),
        "",
    ),
    case(
        "a recruiter asking about sourcing",
        P("Rae Dunn", skills=("Talent acquisition",), asks="Sourcing tips"),
        P("Sid Kaur", offers="Sourcing tricks"),
        "",
    ),
    case(
        "Workday offered and asked",
        P("Tilda Snow", asks="Workday reporting tips", offers="Workday configuration"),
        P("Ulf Berg", offers="Workday reporting"),
        "",
    ),
    case(
        "practice partners both ways",
        P("Vanya Ross", asks="A mock interview partner", offers="I'll happily run mock interviews for you too"),
        P("Wendell Ives", asks="Interview practice", offers="Mock interviews"),
        T,
        "help each other",
        "help each other",
    ),
    case(
        "resumes offered and asked",
        P("Xenia Pahl", asks="Resume help", offers="Resume reviews"),
        P("Yoel Dror", offers="Resume reviews"),
        "",
    ),
    case(
        "a first HRIS role",
        P("Zane Holt", skills=("HRIS", "Workday"), asks="Advice on landing my first dedicated HRIS role"),
        P("Aria Bloom", offers="HRIS questions"),
        "",
    ),
    case(
        "DEI said again",
        P("Bola Ade", skills=("DEI",), asks="How to talk about DEI work in a tough market"),
        P("Cyd Lam", offers="DEI program design"),
        "",
    ),
    case(
        "a hiring manager asking for SQL people",
        P("Dag Ek", skills=("SQL",), hiring=("Data analyst",), asks="Data analyst candidates who know SQL"),
        P("Ebba Sten", offers="SQL help"),
        "",
    ),
    # --- companies: who worked there, not who works beside you ------------------------------------------------
    case(
        "the recruiter at Acme Health asking about Acme Health",
        P(
            "Michael Tran",
            stage="landed",
            jobs=(("Acme Health", 2025, None), ("Tailspin Airlines", 2016, 2024)),
            asks="Referrals for open HR and nursing roles at Acme Health.",
            offers="Internal referrals at Acme Health",
        ),
        P(
            "Shauna McBride",
            targets=("Northwind Health",),
            jobs=(("Acme Health", 2010, 2025),),
            asks="An introduction to the L&D team at Northwind Health.",
        ),
        B,
        "Shauna is looking for a new role",
        "Michael has landed a new role",
    ),
    case(
        "two colleagues at Acme Health",
        P("Fern Gale", jobs=(("Acme Health", 2019, None),), asks="Someone who knows Acme Health's recruiting team"),
        P("Gio Russo", jobs=(("Acme Health", 2021, None),)),
        "",
    ),
    case(
        "a company on your list where a colleague works",
        P("Hattie Cole", targets=("Acme Health",), jobs=(("Acme Health", 2018, None),)),
        P("Ivo Mares", jobs=(("Acme Health", 2020, None),)),
        "",
    ),
    case(
        "asking about a company someone works at now",
        P("Jamie Rowe", asks="Someone at Prairie Mutual who can tell me how payroll is organized"),
        P("Kai Moreno", jobs=(("Prairie Mutual", 2019, None),)),
        N,
        "Kai works at Prairie Mutual (since 2019), and you are looking for someone who knows it.",
        "Jamie is looking for someone who knows Prairie Mutual, where you work.",
    ),
    case(
        "asking about a company someone worked at",
        P("Lise Aubert", asks="Anyone who worked at Fabrikam Foods"),
        P("Moe Jansen", jobs=(("Fabrikam Foods", 2015, 2022),)),
        N,
        "Moe worked at Fabrikam Foods (2015–2022)",
        "where you worked",
    ),
    case(
        "naming your own former employer",
        P(
            "Nora Quist",
            jobs=(("Fabrikam Foods", 2012, 2020),),
            asks="I left Fabrikam Foods in 2020 and want a new start",
        ),
        P("Ole Brun", jobs=(("Fabrikam Foods", 2016, 2023),)),
        "",
    ),
    case(
        "a target company where the other works now",
        P("Petra Holm", targets=("Northwind Health",)),
        P("Reza Amini", jobs=(("Northwind Health", 2023, None),)),
        C,
        "Reza works at Northwind Health (since 2023), one of the companies on your list.",
        "Petra is hoping to join Northwind Health, where you work.",
    ),
    case(
        "a target company long ago",
        P("Saoirse Kane", targets=("Globex Insurance",)),
        P("Tobias Wren", jobs=(("Globex Insurance", 2001, 2006),)),
        C,
        "It was a while ago",
    ),
    case(
        "Yolanda and Erin",
        P(
            "Yolanda Brooks",
            targets=("Globex Insurance", "Acme Health"),
            asks="Introductions to executive recruiters who place HR leaders in the Midwest.",
        ),
        P(
            "Erin Fitzgerald",
            stage="exploring",
            jobs=(("Globex Insurance", 2010, 2019),),
            asks="How to explain a career gap.",
            offers="Happy to help where I can; I know benefits enrollment.",
        ),
        C,
        "Erin worked at Globex Insurance (2010–2019), one of the companies on your list.",
        "Yolanda is hoping to join Globex Insurance, where you worked.",
    ),
    case(
        "a company name holding a topic word",
        P("Uli Stark", asks="Anyone who has worked at Contoso Logistics"),
        P("Vesna Kos", offers="Supply chain and logistics questions"),
        "",
    ),
    case(
        "a bank's name",
        P("Willa Stone", asks="Someone at Northwind Bank"),
        P("Xavi Puig", offers="Banking industry questions"),
        "",
    ),
    case(
        "a team at a company",
        P("Yusra Amin", asks="An introduction to the recruiting team at Relecloud"),
        P("Zora Neal", offers="Recruiting and sourcing advice"),
        "",
    ),
    case(
        "finance at a company",
        P("Abe Lund", asks="Someone in finance at Trey Research"),
        P("Bess Tran", offers="FP&A modeling help"),
        "",
    ),
    case(
        "IT leadership at Acme Health",
        P("Clay Dorn", asks="An introduction to IT leadership at Acme Health"),
        P("Dora Vance", jobs=(("Acme Health", 2024, None),), offers="IT leadership interview prep"),
        N,
        "Dora works at Acme Health",
    ),
    case(
        "two companies on the list, one reason",
        P("Ebo Mensah", targets=("Acme Health", "Northwind Health")),
        P("Fleur Dumas", stage="alumni", jobs=(("Northwind Health", 2023, None), ("Acme Health", 2009, 2022))),
        f"{C} {B}",
        "both on your list",
        "you know both from the inside",
    ),
    case(
        "a company on the list and named in the ask",
        P("Gabor Toth", targets=("Contoso Logistics",), asks="Anyone who has worked at Contoso Logistics"),
        P("Hilde Sand", jobs=(("Contoso Logistics", 2021, 2025),)),
        C,
    ),
    case(
        "the recruiting team at a former company",
        P("Ilya Marx", asks="Someone who knows the recruiting team at Relecloud"),
        P("Joan Pike", jobs=(("Relecloud", 2020, 2025),)),
        N,
        "Relecloud",
    ),
    case(
        "a treasury team on the list, and someone who landed",
        P("Kerry Doyle", targets=("Tailspin Airlines",), asks="Someone in corporate treasury at Tailspin Airlines"),
        P("Lian Zhou", stage="landed", jobs=(("Proseware", 2025, None), ("Tailspin Airlines", 2016, 2024))),
        f"{C} {B}",
    ),
    case(
        "a warm introduction to a lead",
        P(
            "Mina Haas",
            skills=("Talent acquisition",),
            targets=("Tailspin Airlines",),
            asks="A warm introduction to the talent acquisition lead at Tailspin Airlines",
        ),
        P("Nico Bauer", jobs=(("Tailspin Airlines", 2016, 2024),), offers="Recruiting insights"),
        C,
    ),
    # --- jobs, not topics -------------------------------------------------------------------------------
    case(
        "benefits manager jobs",
        P("Orla Finn", asks="Benefits manager jobs in Chicago"),
        P("Pim de Vries", offers="Benefits administration questions"),
        "",
    ),
    case(
        "payroll roles",
        P("Rocco Bell", asks="Payroll roles at a hospital"),
        P("Sune Dahl", offers="Payroll questions"),
        "",
    ),
    # --- negation ---------------------------------------------------------------------------------------
    case(
        "not interested in consulting",
        P("Tiago Reis", asks="Not interested in consulting; I want a full-time HRBP role"),
        P("Uschi Wolf", offers="Going independent: how I built a consulting practice"),
        "",
    ),
    case(
        "no resume help, but mock interviews (resumes)",
        P("Vinnie Cruz", asks="I don't need resume help, but mock interviews would be great"),
        P("Wilma Stout", offers="Resume reviews"),
        "",
    ),
    case(
        "no resume help, but mock interviews (interviews)",
        P("Xander Yu", asks="I don't need resume help, but mock interviews would be great"),
        P("Yoko Abe", offers="Mock interviews"),
        T,
    ),
    case(
        "moving away from recruiting",
        P("Zina Kraus", asks="Moving away from recruiting into HR business partner work"),
        P("Arvid Lund", offers="Recruiting career advice"),
        "",
    ),
    case(
        "not sure how to negotiate is an ask",
        P("Bree Cole", asks="Not sure how to negotiate my first offer"),
        P("Cai Ming", offers="Offer negotiation"),
        T,
        "salary and offer negotiation",
    ),
    case(
        "rather than freelancing",
        P("Dale Ross", asks="Rather than freelancing, I'd like a permanent role"),
        P("Emi Sato", offers="Freelance HR work"),
        "",
    ),
    case(
        "an offer that refuses resumes",
        P("Fenna Bos", asks="Resume help"),
        P("Gus Hale", offers="I can't help with resumes, but I'm good at LinkedIn"),
        "",
    ),
    case(
        "an offer that refuses resumes, but not LinkedIn",
        P("Hera Koch", asks="LinkedIn profile review"),
        P("Igor Lenz", offers="I can't help with resumes, but I'm good at LinkedIn"),
        T,
        "LinkedIn profiles",
    ),
    case(
        "no longer payroll (payroll)",
        P("Juno Park", asks="No longer interested in payroll; exploring people analytics"),
        P("Kirk Mann", offers="Payroll questions"),
        "",
    ),
    case(
        "no longer payroll (analytics)",
        P("Luz Ortega", asks="No longer interested in payroll; exploring people analytics"),
        P("Mags Olin", offers="People analytics and attrition dashboards"),
        T,
        "people analytics",
    ),
    case(
        "an offer that says not a resume person",
        P("Nash Cole", asks="Resume review"),
        P("Orsi Toth", offers="Not a resume person, but happy to do mock interviews"),
        "",
    ),
    # --- stages: missing data is never a claim --------------------------------------------------------------
    case("an unknown stage and someone who landed", P("Pola Nagy", stage=""), P("Quirin Stahl", stage="landed"), ""),
    case("a seeker and an unknown stage", P("Rui Costa"), P("Sina Vogel", stage=""), ""),
    case(
        "a seeker and someone who landed",
        P("Tam Nguyen"),
        P("Ulrike Franz", stage="landed"),
        B,
        "Ulrike has landed a new role and can share what worked.",
        "Tam is looking for a new role, and hearing what worked for you could help.",
    ),
    case(
        "interviewing and an offer in hand",
        P("Viggo Lund", stage="interviewing"),
        P("Wanjiru Kamau", stage="offer"),
        B,
        "Wanjiru has an offer in hand",
    ),
    case(
        "both interviewing",
        P("Xaver Holz", stage="interviewing"),
        P("Yetunde Ola", stage="interviewing"),
        X,
        "You and Yetunde are both interviewing",
    ),
    case("both landed", P("Zelda Brin", stage="landed"), P("Anouk Smit", stage="alumni"), ""),
    case(
        "exploring and an alumna",
        P("Bart Claes", stage="exploring"),
        P("Chiara Neri", stage="alumni"),
        B,
        "",
        "Bart is exploring what comes next",
    ),
    case(
        "a landed person's old target roles",
        P("Dita Lang", stage="landed", roles=("Payroll manager",)),
        P("Enzo Riva", roles=("Payroll manager",)),
        B,
    ),
    case("both stages unknown", P("Frida Moe", stage=""), P("Gert Ahl", stage=""), ""),
    case("interviewing and unknown", P("Hali Rose", stage="interviewing"), P("Ines Paz", stage=""), ""),
    # --- hiring --------------------------------------------------------------------------------------
    case(
        "hiring a payroll manager",
        P("Priya Walker", stage="", hiring=("Payroll manager",), hiring_at="Acme Health"),
        P("Tomasz Kowal", roles=("Payroll manager",)),
        H,
        "Tomasz is aiming for payroll manager roles, which you are hiring for.",
        "Priya is hiring a payroll manager at Acme Health, a role you are aiming for.",
    ),
    case(
        "hiring without a company",
        P("Jude Amos", stage="", hiring=("HR generalist",)),
        P("Kaya Erdem", roles=("HR generalist",)),
        H,
        "",
        "Jude is hiring an HR generalist, a role you are aiming for.",
    ),
    case(
        "hiring for a role the other does not aim for",
        P("Lior Ben", stage="", hiring=("Recruiter",)),
        P("Maja Holm", roles=("HR generalist",)),
        "",
    ),
    case(
        "a hirer who also lists the role",
        P("Nils Ek", stage="", roles=("Controller",), hiring=("Controller",)),
        P("Oda Berg", roles=("Controller",)),
        H,
    ),
    case(
        "a hirer is not a seeker",
        P("Pal Nagy", hiring=("Data engineer",)),
        P("Runa Vik", stage="landed", roles=("Data engineer",)),
        "",
    ),
    case(
        "hiring for two roles",
        P("Sten Alm", stage="", hiring=("Payroll manager", "HR operations manager"), hiring_at="Contoso Logistics"),
        P("Tyra Lind", roles=("Payroll manager", "HR operations manager")),
        H,
        "",
        "hiring for HR operations manager and payroll manager roles at Contoso Logistics",
    ),
    case(
        "a landed recruiter hiring",
        P(
            "Mick Tran",
            stage="landed",
            jobs=(("Acme Health", 2025, None),),
            hiring=("Recruiter",),
            hiring_at="Acme Health",
        ),
        P("Carlos Mena", stage="interviewing", roles=("Recruiter",)),
        f"{H} {B}",
    ),
    case(
        "hiring an HR generalist and a resume ask",
        P(
            "Beth Naka",
            stage="landed",
            hiring=("HR generalist",),
            hiring_at="Wide World Importers",
            offers="Introductions at Wide World Importers; I'm hiring an HR generalist this quarter.",
        ),
        P("Fatima Hass", roles=("HR generalist",), asks="Help with my resume."),
        f"{H} {B}",
    ),
    case(
        "an alumnus hiring",
        P("Patrick Doy", stage="alumni", hiring=("HR generalist",), hiring_at="Lakeshore Manufacturing"),
        P("Luis Nava", roles=("HR generalist",), asks="Figuring out where to start."),
        f"{H} {B}",
    ),
    case(
        "hiring an internal auditor at a target company",
        P(
            "Rachel Abram",
            stage="landed",
            jobs=(("Globex Insurance", 2025, None), ("Northwind Bank", 2013, 2025)),
            hiring=("Internal auditor",),
            hiring_at="Globex Insurance",
        ),
        P("Gaby Laurent", roles=("Internal auditor",), targets=("Globex Insurance",)),
        f"{C} {H} {B}",
    ),
    case(
        "hiring other roles, offering referrals",
        P(
            "Jason Wu",
            stage="landed",
            jobs=(("Relecloud", 2025, None),),
            hiring=("Frontend engineer",),
            hiring_at="Relecloud",
            offers="Referrals at Relecloud; React and JavaScript live-coding practice.",
        ),
        P("Yasmin Khal", roles=("Software engineer",), asks="A referral anywhere."),
        f"{T} {B}",
    ),
    # --- peers -------------------------------------------------------------------------------------
    case(
        "the same target role",
        P("Ulla Norr", roles=("HR business partner",)),
        P("Lou Diaz", roles=("HR business partner",)),
        R,
        "You and Lou are both aiming for HR business partner roles.",
    ),
    case(
        "two industries",
        P("Vera Kahn", industries=("Healthcare", "Insurance")),
        P("Wolf Amsel", industries=("Healthcare", "Insurance")),
        I,
        "You and Wolf share an interest in healthcare and insurance.",
    ),
    case(
        "three industries, two named",
        P("Xue Fang", industries=("Banking", "Fintech", "Insurance")),
        P("Yann Roux", industries=("Banking", "Fintech", "Insurance")),
        I,
        "banking and fintech",
    ),
    case(
        "roles and industries",
        P("Zuri Obi", roles=("Solutions architect",), industries=("Technology",)),
        P("Arne Holt", stage="interviewing", roles=("Solutions architect",), industries=("Technology",)),
        f"{R} {I}",
    ),
    case(
        "a role named with a product's capital",
        P("Bodil Ek", roles=("Salesforce administrator",)),
        P("Cem Aksoy", roles=("Salesforce administrator",)),
        R,
        "Salesforce administrator roles",
    ),
    # --- whole profiles, as people write them ---------------------------------------------------------------
    case(
        "Denise and Priya",
        P(
            "Denise Okafor",
            stage="alumni",
            industries=("Healthcare",),
            skills=("Employee relations", "Change management", "Coaching", "Workday"),
            jobs=(("Northwind Health", 2023, None), ("Acme Health", 2009, 2022)),
            asks="Alumni willing to come back for a Tuesday and talk about their first 90 days.",
            offers="Mock interviews for HR leadership roles; introductions at Northwind Health and Acme Health.",
        ),
        P(
            "Priya Raman",
            stage="interviewing",
            roles=("HRIS manager",),
            industries=("Insurance", "Healthcare"),
            skills=("HRIS", "Workday"),
            targets=("Acme Health", "Northwind Health"),
            jobs=(("Globex Insurance", 2014, 2025),),
            asks="Introductions to HR technology leaders at Acme Health or Tailspin Airlines.",
            offers="I know Workday inside out. Happy to explain HRIS work to anyone thinking about the switch.",
        ),
        f"{C} {B} {I}",
        "Priya is hoping to join Northwind Health or Acme Health",
        "Denise works at Northwind Health (since 2023) and worked at Acme Health (2009–2022), both on your list.",
    ),
    case(
        "Raj and Priya",
        P(
            "Raj Patel",
            stage="interviewing",
            industries=("Healthcare",),
            skills=("HRIS", "UKG", "ADP"),
            asks="Someone who knows Workday to quiz me before a technical HRIS interview.",
            offers="HRIS experience with UKG and ADP; happy to explain integrations and payroll data flows.",
        ),
        P(
            "Priya Raj",
            stage="interviewing",
            industries=("Healthcare",),
            skills=("HRIS", "Workday"),
            offers="I know Workday inside out: core HCM, absence, and reporting.",
        ),
        f"{T} {I} {X}",
        "Priya can help with Workday",
    ),
    case(
        "Greg and Ana",
        P(
            "Greg Palmer",
            skills=("HRIS", "SAP SuccessFactors"),
            asks="Advice from someone who knows Workday on how to talk about a SuccessFactors background in "
            "interviews.",
        ),
        P(
            "Ana Ruiz",
            stage="interviewing",
            skills=("HRIS", "Workday", "Onboarding"),
            offers="Bilingual (Spanish) onboarding materials; happy to be a practice interviewer for anyone.",
        ),
        S,
        "Ana’s skills include Workday",
    ),
    case(
        "Hamza and a mock interviewer",
        P(
            "Hamza Qureshi",
            stage="interviewing",
            targets=("Globex Insurance",),
            asks="Introductions to anyone who worked at Globex Insurance; I have a final round there next week.",
        ),
        P(
            "DeShawn Carter",
            stage="interviewing",
            offers="Investigation interviews and documentation; preparing for a tough behavioral question.",
        ),
        f"{POSSIBLE} {X}",
        "DeShawn might be able to help with interview practice.",
    ),
    case(
        "Kevin and Keiko",
        P(
            "Kevin O'Brien",
            stage="exploring",
            asks="Conversations with anyone who has gone independent as an HR consultant.",
        ),
        P("Keiko Yamada", stage="exploring", offers="Org design; I ran my own consulting practice for five years."),
        T,
        "Keiko can help with going independent",
    ),
    case(
        "Lan and Jamal",
        P(
            "Lan Nguyen",
            skills=("Benefits administration", "Payroll"),
            asks="Benefits roles in healthcare; help with interview nerves.",
        ),
        P(
            "Jamal Robinson",
            stage="offer",
            offers="Introductions at Tailspin Airlines; HR business partner interview practice.",
        ),
        f"{T} {B}",
        "Jamal can help with interview practice",
        "Lan is looking for help with interview practice",
    ),
    case(
        "Brianna and Svetlana",
        P(
            "Brianna Washington",
            asks="A mentor who made the jump from coordinator to generalist; practice with salary questions.",
        ),
        P("Svetlana Petrova", offers="Salary negotiation prep and reading an equity or bonus offer."),
        T,
        "salary and offer negotiation",
    ),
    case(
        "Sean and Robert",
        P("Sean Gallagher", skills=("Excel",), asks="A mentor in FP&A"),
        P("Robert Castellano", stage="alumni", skills=("FP&A",), offers="FP&A leadership mentoring"),
        f"{T} {B}",
        "Robert can help with mentoring as well as FP&A and financial modeling",
    ),
    case(
        "Leah and Chioma",
        P("Leah Rosenberg", stage="exploring", asks="Coffee with product managers who came from finance."),
        P("Chioma Eze", stage="interviewing", offers="Product management interview prep"),
        T,
        "product management",
    ),
    case(
        "Ingrid and Erin",
        P("Ingrid Larsen", stage="exploring", asks="How to talk about a sabbatical in interviews."),
        P(
            "Erin Fitz",
            stage="exploring",
            offers="I returned to work after a caregiving break and can share how I explained it",
        ),
        T,
        "explaining a career gap",
    ),
    case(
        "Tomasz and someone from City Power & Light",
        P(
            "Tomasz Kowalski",
            skills=("Payroll",),
            asks="Someone at Prairie Mutual or City Power & Light who can tell me how payroll and HR are organized "
            "there.",
        ),
        P("Steve Novak", jobs=(("City Power & Light", 2004, 2025),)),
        N,
        "City Power & Light",
    ),
    case(
        "Marcus and Luis",
        P(
            "Marcus Whitfield",
            targets=("Fabrikam Foods", "Contoso Logistics"),
            asks="Anyone who has worked at Fabrikam Foods or Contoso Logistics.",
        ),
        P("Luis Navarro", jobs=(("Contoso Logistics", 2021, 2025),), offers="Not sure yet, but I'm a good listener."),
        C,
    ),
    case(
        "Omar and Chioma",
        P(
            "Omar Farouk",
            stage="interviewing",
            asks="Behavioral interview practice; anyone who knows the platform team at Woodgrove Bank.",
        ),
        P(
            "Chioma Ezeh",
            stage="interviewing",
            jobs=(("Woodgrove Bank", 2018, 2025),),
            offers="Product management interview prep",
        ),
        f"{T} {N} {X}",
    ),
    case(
        "Isabel and Camila",
        P(
            "Isabel Santos",
            targets=("Globex Insurance",),
            asks="An introduction to the analytics team at Globex Insurance.",
        ),
        P("Camila Herrera", jobs=(("Globex Insurance", 2017, 2025),), offers="Spanish and Portuguese translation"),
        C,
    ),
    case(
        "Jennifer and Lan",
        P("Jennifer Lindqvist", offers="Presentation coaching before big interviews"),
        P("Lan Ngo", asks="Help with interview nerves."),
        POSSIBLE,
        "You might be able to help Lan with interview practice.",
    ),
    case(
        "Colleen and Kevin",
        P(
            "Colleen Murphy",
            stage="offer",
            skills=("Benefits administration", "Compensation"),
            asks="Tips for negotiating start date and PTO.",
        ),
        P("Kevin Obi", stage="exploring", offers="Benefits open enrollment, FMLA and leave questions."),
        B,
    ),
    case(
        "Aisha and Hannah",
        P(
            "Aisha Mohammed",
            stage="interviewing",
            roles=("Technical recruiter",),
            asks="Someone who knows the recruiting team at Relecloud or Proseware.",
        ),
        P(
            "Hannah Goldberg",
            stage="interviewing",
            jobs=(("Relecloud", 2020, 2025), ("Litware", 2016, 2020)),
            asks="A board member or CEO at Proseware who would take a coffee with me.",
        ),
        f"{N} {X}",
    ),
    case(
        "Hannah and a board member",
        P("Hanna Gold", asks="A board member or CEO at Proseware who would take a coffee with me."),
        P("Hiroshi Tanaka", stage="exploring", offers="I sit on two company boards; mentoring on finance leadership."),
        "",
    ),
    case(
        "Hiroshi and a board member",
        P(
            "Hiroshi Tana",
            stage="exploring",
            asks="Introductions to people who sit on nonprofit or private company boards.",
        ),
        P("Ruth Abbey", offers="I sit on a nonprofit board and am glad to explain how board seats are found."),
        T,
        "board roles",
    ),
    case(
        "Kwame and David",
        P(
            "Kwame Mensah",
            skills=("Python", "CI/CD"),
            asks="A code review of my automation portfolio; intros at Meridian Analytics.",
        ),
        P("David Kim", skills=("Java", "AWS"), offers="Java and AWS questions; happy to do code reviews."),
        T,
        "code and portfolio reviews",
    ),
    case(
        "Kwame and someone in analytics",
        P("Kwame Men", asks="Intros at Meridian Analytics."),
        P("Dee Analyst", offers="Analytics and dashboards"),
        "",
    ),
    case(
        "Darnell and Brian",
        P("Darnell Bell", targets=("Acme Health",), asks="An introduction to IT leadership at Acme Health."),
        P(
            "Brian Sullivan",
            stage="alumni",
            jobs=(("Acme Health", 2024, None), ("City Power & Light", 2007, 2023)),
            offers="Introductions at Acme Health; IT leadership interview prep.",
        ),
        f"{C} {B}",
        "Brian works at Acme Health",
    ),
    case(
        "Natalie and Kristen",
        P(
            "Natalie Brennan",
            roles=("Treasury manager",),
            skills=("Treasury",),
            asks="Someone in corporate treasury at Tailspin Airlines.",
        ),
        P(
            "Kristen Walsh",
            roles=("Treasury manager",),
            skills=("Treasury",),
            asks="A treasury peer to trade notes with.",
            offers="Treasury and cash forecasting",
        ),
        R,
        "treasury manager roles",
    ),
    case(
        "Wei and Victor",
        P("Wei Zhang", stage="offer", asks="Advice on negotiating a bank offer; what to ask about on-call."),
        P("Victor Ibrahim", stage="interviewing", offers="Java and payments systems questions."),
        B,
    ),
    case(
        "Grace and Denise",
        P(
            "Grace Oyelaran",
            industries=("Healthcare",),
            targets=("Acme Health",),
            asks="A referral into HR at Acme Health; feedback on my elevator pitch.",
        ),
        P(
            "Denise Oka",
            stage="alumni",
            industries=("Healthcare",),
            jobs=(("Acme Health", 2009, 2022),),
            offers="Mock interviews for HR leadership roles.",
        ),
        f"{C} {B} {I}",
    ),
    case(
        "Adaeze and Elena",
        P(
            "Adaeze Nwosu",
            stage="interviewing",
            skills=("Python", "SQL", "Machine learning"),
            asks="An introduction to the data science team at Meridian Analytics; a take-home review.",
        ),
        P(
            "Elena Popescu",
            stage="interviewing",
            skills=("Python", "Machine learning"),
            jobs=(("Meridian Analytics", 2017, 2025),),
            offers="Machine learning and statistics interview prep.",
        ),
        f"{N} {X}",
        "Elena worked at Meridian Analytics (2017–2025)",
    ),
    case(
        "Megan and Stephanie",
        P(
            "Megan O'Connell",
            stage="interviewing",
            asks="A contact in finance at Trey Research; feedback on my answer to 'why are you leaving?'",
        ),
        P("Stephanie Cho", stage="landed", offers="Referrals at Proseware; FP&A case interview practice."),
        f"{T} {B}",
        "Stephanie can help with interview practice",
    ),
    case(
        "Andre and Sofia",
        P(
            "Andre Dubois",
            stage="interviewing",
            skills=("FP&A",),
            asks="Someone in FP&A at Proseware; practice with a finance case interview.",
        ),
        P(
            "Sofia Marchetti",
            stage="interviewing",
            skills=("FP&A",),
            offers="Financial modeling reviews and case interview practice for FP&A roles.",
        ),
        f"{T} {X}",
        "case interview practice",
    ),
    case(
        "Tanya and a career changer",
        P(
            "Tanya Williams",
            skills=("Agile", "Project management"),
            asks="Advice on repositioning from scrum master to delivery or program manager.",
        ),
        P("Ola Berg", offers="I went from scrum master to program manager and coach others making career changes."),
        T,
        "changing fields",
    ),
    case(
        "Ben and Greg",
        P(
            "Ben Hartley",
            stage="interviewing",
            skills=("HRIS", "Workday"),
            asks="Advice on landing a first dedicated HRIS role.",
            offers="Workday basics.",
        ),
        P(
            "Greg Palm",
            skills=("HRIS", "SAP SuccessFactors"),
            asks="Someone who knows Workday reporting.",
            offers="SAP SuccessFactors configuration.",
        ),
        T,
        "",
        "Ben can help with Workday",
    ),
    # --- shared reach: the other knows people at a company on your list ----------------------------
    case(
        "knows people at a target company",
        P("Ana Lopez", targets=("Northwind Health",)),
        P("Jordan Reyes", knows=("Northwind Health", "Contoso")),
        K,
        "Jordan knows people at Northwind Health, one of the companies on your list.",
        "Ana is looking for a way in at Northwind Health, where you know people.",
    ),
    case(
        "knows people at two target companies",
        P("Mina Sato", targets=("Northwind Health", "Fabrikam")),
        P("Omar Haddad", knows=("Fabrikam", "Northwind Health")),
        K,
        "Omar knows people at Fabrikam and Northwind Health, both on your list.",
        "and you know people at both",
    ),
    case(
        "works there says more than knowing people there",
        P("Rita Gomez", targets=("Northwind Health",)),
        P("Sven Berg", jobs=(("Northwind Health", 2020, None),), knows=("Northwind Health",)),
        C,
        "Sven works at Northwind Health",
    ),
    case(
        "knows people only where nobody aims",
        P("Tara Singh", targets=("Litware",)),
        P("Uma Patel", knows=("Northwind Health",)),
    ),
    case(
        "knows people at the company you work at now",
        P("Vic Moreau", targets=("Northwind Health",), jobs=(("Northwind Health", 2022, None),)),
        P("Wes Long", knows=("Northwind Health",)),
    ),
]
