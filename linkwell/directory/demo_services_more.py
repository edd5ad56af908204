"""Demo directory data, part two: activity, arts, company and nature. All fictional (see demo_services)."""

from decimal import Decimal

from linkwell.directory.demo_services import (
    DRAFT,
    EMAIL,
    LINKWELL,
    PHONE,
    Capacity,
    DemoCost,
    DemoService,
    course,
    donation,
    fortnightly,
    monthly,
    per_session,
    weekly,
)
from linkwell.directory.models import CapacityStatus

# fmt: off
# Activity, arts, company and nature. Each record: slug, organisation, name, categories, locations,
# schedules, description; then what differs from the defaults (free, signposted, open, published).
ACTIVITY_SERVICES: list[DemoService] = [
    # Physical activity: Chelmsford Walking Friends (the demo provider manages these four)
    DemoService(
        "cwf-central-park-walk", "chelmsford-walking-friends", "Central Park health walk",
        ("Walking groups",), ("central-park-bandstand",), (weekly("MO", "10:00", "11:00"),),
        "A friendly, flat 45-minute walk around Central Park and along the river, led by trained volunteers. "
        "We go at the pace of the slowest walker, so it suits people getting back into exercise.",
        first_visit="Meet at the bandstand ten minutes early so the walk leader can say hello and ask a few "
        "health questions. Wear comfortable shoes and bring water. No need to book.",
        contact=("Tom Reid", "Walks coordinator"),
    ),
    DemoService(
        "cwf-wednesday-stroll-and-stretch", "chelmsford-walking-friends", "Wednesday stroll and stretch",
        ("Gentle exercise", "Walking groups"), ("central-park-bandstand",), (weekly("WE", "14:00", "15:00"),),
        "Gentle exercise in the park: a 20-minute stroll on level paths, then seated and standing stretches "
        "at the bandstand. Wheelchair users, walking-frame users and carers are very welcome.",
        first_visit="Come to the bandstand. A volunteer will show you the stretches and you can sit for all of "
        "them. Bring a drink and a layer in case it is breezy. Free, and no booking.",
        eligibility="Adults of any fitness level.", minimum_age=18,
        referral=LINKWELL, referral_notes="Link workers can refer through Linkwell, so we know who is coming.",
    ),
    DemoService(
        "cwf-saturday-countryside-walk", "chelmsford-walking-friends", "Saturday countryside walk",
        ("Walking groups", "Nature walks and wildlife"), ("writtle-green-rooms",),
        (fortnightly("SA", "09:30", "12:30", "2026-09-05"),),
        "A longer walk of about five miles on field paths around Writtle, every other Saturday, with a stop "
        "for a drink at the halfway point. Paths can be muddy and there are stiles.",
        first_visit="Meet on the green outside the Writtle Green Rooms. Wear walking boots and bring water and "
        "a snack. Best for people who already walk for an hour comfortably.",
    ),
    DemoService(
        "cwf-walk-leader-volunteering", "chelmsford-walking-friends", "Become a volunteer walk leader",
        ("Volunteering opportunities", "Walking groups"), ("market-road-library",),
        (monthly("1TH", "18:30", "20:30", "Training evening"),),
        "Help lead our health walks. You will shadow an experienced leader, then lead walks of your own. "
        "Free first aid and walk-leader training are provided, and out-of-pocket expenses are paid.",
        first_visit="Come to a training evening in the library's meeting room, or email us for a chat first. "
        "Bring photo ID for a basic check.",
        referral=EMAIL, minimum_age=18,
    ),
    # Physical activity: gentle exercise in and around Chelmsford
    DemoService(
        "caa-seated-strength-and-balance", "chelmer-active-ageing", "Seated strength and balance",
        ("Gentle exercise",), ("springfield-green-hall",), (weekly("WE", "10:30", "11:30"),),
        "Gentle exercise for people over 50, mostly done sitting down: movements to build leg strength, "
        "improve balance and loosen stiff joints, to music, followed by tea and a chat.",
        first_visit="Arrive by 10:20 so the instructor can ask about your health and any falls. Wear loose "
        "clothes and flat shoes and bring a bottle of water. Free, thanks to a council grant.",
        eligibility="People over 50, including people who use a wheelchair.", minimum_age=50,
        contact=("Margaret Ellis", "Activities coordinator"),
    ),
    DemoService(
        "tai-chi-for-health-moulsham", "riverside-tai-chi-circle", "Tai chi for health",
        ("Gentle exercise",), ("moulsham-community-hall",), (weekly("WE", "13:30", "14:30"),),
        "Slow, flowing tai chi movements taught step by step: gentle exercise that helps balance, posture "
        "and calm. Every movement can be done seated.",
        first_visit="Just come along. Wear loose clothing and flat shoes. The first half hour is for "
        "beginners. Free; donations to the hall fund are welcome but never expected.",
    ),
    DemoService(
        "caa-chair-exercise-to-music", "chelmer-active-ageing", "Chair exercise to music",
        ("Gentle exercise", "Dance"), ("melbourne-community-centre",), (weekly("WE", "11:00", "12:00"),),
        "A lively seated class to music from the 50s to the 80s: gentle exercise for arms, legs and breathing "
        "that gets the heart going without standing up.",
        first_visit="Pay on the door. Bring water and wear comfortable clothes. Chairs are provided.",
        costs=(per_session("3.00"),), minimum_age=50,
    ),
    DemoService(
        "caa-falls-prevention-baddow", "chelmer-active-ageing", "Strength and balance for falls prevention",
        ("Gentle exercise",), ("great-baddow-hall",), (weekly("TH", "10:00", "11:00"),),
        "A 24-week programme of gentle exercise proven to reduce falls, led by a postural stability "
        "instructor. Each week gets a little harder as you get stronger.",
        first_visit="Your link worker refers you. The instructor phones you before the first session to "
        "check it is right for you. Wear flat, supportive shoes.",
        referral=LINKWELL, minimum_age=60, capacity=Capacity(CapacityStatus.WAITLIST, 0, 16),
    ),
    DemoService(
        "caa-danbury-gentle-movement", "chelmer-active-ageing", "Gentle movement, Danbury",
        ("Gentle exercise",), ("danbury-mission-hall",), (weekly("WE", "10:00", "11:00"),),
        "A village class of gentle exercise for older people: warm-up, chair-based strength work and "
        "balance practice, then a cuppa.",
        first_visit="Come along; no need to book. Bring water and wear comfortable shoes. Free.",
        minimum_age=50,
    ),
    DemoService(
        "caa-woodham-seated-exercise", "chelmer-active-ageing", "Seated exercise, South Woodham Ferrers",
        ("Gentle exercise",), ("woodham-ferrers-hall",), (weekly("WE", "14:00", "15:00"),),
        "Gentle exercise in a chair for people who find standing classes hard, with music and plenty of "
        "laughter.",
        first_visit="Just turn up. The hall has a hearing loop and step-free access. Free.",
        minimum_age=50,
    ),
    DemoService(
        "cyc-upstairs-gentle-stretch", "chelmer-yoga-collective", "Gentle stretch for beginners",
        ("Gentle exercise", "Yoga and pilates"), ("duke-street-upper-room",), (weekly("WE", "10:00", "11:00"),),
        "A free community class of gentle exercise and stretching on mats or chairs, drawn from yoga, to ease "
        "stiffness and help you relax.",
        first_visit="The room is on the first floor and there is no lift. Bring a mat if you have one; we "
        "have spares.",
    ),
    DemoService(
        "basildon-chair-exercise", "basildon-together", "Chair-based exercise",
        ("Gentle exercise",), ("basildon-together-hub",), (weekly("MO", "11:00", "12:00"),),
        "A relaxed seated exercise class for older people and anyone recovering from illness, followed by "
        "tea in the hub café.",
        first_visit="Come to the hub reception and ask for the exercise class.",
        costs=(donation("2"),),
    ),
    DemoService(
        "tendring-strength-and-balance", "tendring-coast-trust", "Steady Steps strength and balance",
        ("Gentle exercise",), ("tendring-station-road",), (weekly("TU", "10:00", "11:00"),),
        "A 12-week strength and balance course for people who have fallen or are afraid of falling.",
        first_visit="Your link worker refers you and we phone to book an assessment before you start.",
        costs=(course("24", 12),), referral=LINKWELL, minimum_age=60,
        capacity=Capacity(CapacityStatus.WAITLIST, 0, 14),
    ),
    # Physical activity: walking, sport, swimming, dance, cycling, yoga
    DemoService(
        "basildon-strollers-gloucester-park", "basildon-strollers", "Gloucester Park stroll",
        ("Walking groups",), ("gloucester-park-pavilion",), (weekly("TU", "10:30", "11:30"),),
        "An hour's easy walk around the lake in Gloucester Park on tarmac paths, with a short and a longer "
        "route.",
        first_visit="Meet outside the pavilion. Comfortable shoes and a drink are all you need.",
    ),
    DemoService(
        "southend-seafront-walk", "southend-seafront-walkers", "Seafront health walk",
        ("Walking groups",), ("pier-hill-meeting-point",), (weekly("TH", "10:00", "11:15"),),
        "A flat walk along the promenade towards Thorpe Bay and back, with benches on the way. It suits "
        "people building up their fitness, and walkers with sticks or frames are welcome.",
        first_visit="Meet at the top of the Pier Hill lift. Bring a coat: it is windy by the sea.",
    ),
    DemoService(
        "canvey-seawall-walk", "canvey-seawall-walkers", "Sea wall walk",
        ("Walking groups",), ("canvey-concord-beach",), (weekly("FR", "10:00", "11:00"),),
        "A gentle walk along the top of Canvey's sea wall, looking out over the estuary. An easy hour for "
        "anyone who wants fresh air and company; dogs on leads are welcome.",
        first_visit="Meet by the steps at Concord Beach. There is a ramp up to the path.",
    ),
    DemoService(
        "colchester-walking-football", "colne-community-hub", "Walking football",
        ("Sport and fitness",), ("castle-park-gates",), (weekly("TH", "19:00", "20:00"),),
        "Football at walking pace, with no running and no contact: all the fun of the game for people over "
        "50 or coming back from injury.",
        first_visit="Wear trainers (no studs). Pay on the night.",
        costs=(per_session("3.00"),), minimum_age=50,
    ),
    DemoService(
        "riverside-couch-to-5k", "riverside-leisure-trust", "Couch to 5K running group",
        ("Sport and fitness",), ("oaklands-park-pavilion",), (weekly("SA", "09:00", "10:00"),),
        "A nine-week beginners' running programme that starts with one minute of running at a time.",
        first_visit="Wear trainers and bring water. New groups start every term; join at week one.",
        minimum_age=16,
    ),
    DemoService(
        "riverside-active-referral", "riverside-leisure-trust", "Active referral gym programme",
        ("Sport and fitness", "Self-management courses"), ("victoria-road-pool",),
        (weekly("MO,WE,FR", "09:00", "20:00", "Book sessions with your instructor"),),
        "Twelve weeks of supervised gym and classes for adults with a health condition, with an instructor "
        "qualified in exercise referral.",
        first_visit="Your link worker refers you. You will be invited to a one-hour induction; bring a list "
        "of your medicines.",
        costs=(course("30", 12),), referral=LINKWELL, minimum_age=16,
        capacity=Capacity(CapacityStatus.WAITLIST, 0, 40),
    ),
    DemoService(
        "riverside-aqua-fit", "riverside-leisure-trust", "Aqua fit for health",
        ("Swimming", "Gentle exercise"), ("victoria-road-pool",), (weekly("TU", "11:00", "11:45"),),
        "A low-impact class in the shallow learner pool, kind to sore joints. Good for people with arthritis, "
        "back pain or who are overweight; you do not need to swim.",
        first_visit="Arrive 15 minutes early to change. A pool hoist is available; ask at reception.",
        costs=(per_session("3.50"),),
    ),
    DemoService(
        "southend-quiet-swim", "riverside-leisure-trust", "Quiet swim",
        ("Swimming",), ("seaview-pool",), (weekly("SU", "08:00", "09:00"),),
        "A calm swim with the music off and fewer people in the water, for disabled and neurodivergent "
        "adults and anyone who finds busy pools hard. Carers swim free.",
        first_visit="Tell reception if you need the hoist or the Changing Places toilet.",
        costs=(per_session("2.80"),),
    ),
    DemoService(
        "clacton-sea-dipping", "clacton-sea-dippers", "Sunday sea dip",
        ("Swimming", "Social clubs"), ("marine-parade-steps",), (weekly("SU", "08:30", "09:30"),),
        "A short, safe dip in the sea all year round, with experienced swimmers and hot drinks afterwards.",
        first_visit="Bring a robe or towel, warm clothes and something hot to drink. Talk to your GP first "
        "if you have a heart condition.",
        minimum_age=18,
    ),
    DemoService(
        "braintree-tea-dance", "brain-valley-dance", "Tea dance",
        ("Dance", "Social clubs"), ("great-square-rooms",), (monthly("1TH", "14:00", "16:00"),),
        "Ballroom and sequence dancing with tea and cake on the first Thursday of the month. Partners not "
        "needed.",
        first_visit="Pay on the door; tea and cake are included.",
        costs=(per_session("4.00"),),
    ),
    DemoService(
        "witham-dance-for-parkinsons", "brain-valley-dance", "Dance for Parkinson's",
        ("Dance", "Condition support groups"), ("newland-street-hall",),
        (fortnightly("TU", "11:00", "12:15", "2026-09-01"),),
        "A dance class for people living with Parkinson's and their partners, seated or standing. No dance "
        "experience is needed and every step can be adapted.",
        first_visit="Bring water. Partners and carers join in for free.",
        costs=(donation("2"),),
    ),
    DemoService(
        "southend-seated-dance", "shoreline-wellbeing", "Seated dance and movement",
        ("Dance", "Gentle exercise"), ("shoreline-centre",), (weekly("FR", "14:00", "15:00"),),
        "Movement to music from a chair: gentle exercise, a good laugh and a chance to meet people.",
        first_visit="Come to reception at the Shoreline Wellbeing Centre. Free.",
    ),
    DemoService(
        "brentwood-learn-to-ride", "brentwood-bike-hub", "Learn to ride for adults",
        ("Cycling",), ("kings-road-bike-hub",), (weekly("SA", "10:00", "12:00"),),
        "Never learnt, or not ridden for years? Our instructors teach adults in a quiet car park, with bikes "
        "and helmets lent.",
        first_visit="Book a place by phone. Wear trousers or leggings and flat shoes.",
        referral=PHONE, minimum_age=18,
    ),
    DemoService(
        "colne-valley-social-ride", "colne-valley-cycle-club", "Sunday social ride",
        ("Cycling",), ("castle-park-gates",), (weekly("SU", "09:30", "12:00"),),
        "A no-drop ride of 15 to 20 miles on quiet lanes, with a café stop. Nobody is left behind, and a ride "
        "leader and a back marker go on every ride.",
        first_visit="Bring a roadworthy bike, a helmet, a spare inner tube and money for the café.",
    ),
    DemoService(
        "brentwood-bike-loan", "brentwood-bike-hub", "Bike loan scheme",
        ("Cycling", "Devices and data"), ("kings-road-bike-hub",), (weekly("WE,FR", "10:00", "16:00"),),
        "Borrow a refurbished bike, lock and lights for three months, then buy it cheaply or bring it back.",
        first_visit="Bring photo ID and proof of address.",
        costs=(DemoCost("Refundable deposit", Decimal("10.00"), "£10 deposit, returned with the bike"),),
    ),
    DemoService(
        "chelmer-chair-yoga", "chelmer-yoga-collective", "Chair yoga",
        ("Yoga and pilates",), ("melbourne-community-centre",), (weekly("TH", "13:00", "14:00"),),
        "Yoga adapted for a chair, with breathing and relaxation at the end. For anyone who finds getting "
        "down to the floor difficult, including wheelchair users.",
        first_visit="Wear comfortable clothes. Pay on the door.",
        costs=(per_session("5.00"),),
    ),
    DemoService(
        "rochford-gentle-pilates", "chelmer-yoga-collective", "Pilates for beginners, Rochford",
        ("Yoga and pilates",), ("rochford-market-hall",), (weekly("MO", "18:30", "19:30"),),
        "A six-week beginners' pilates course focusing on core strength and posture.",
        first_visit="Book the whole course in advance. Bring a mat.",
        costs=(course("45", 6),), referral=EMAIL, state=DRAFT,
    ),
    DemoService(
        "cmm-yoga-for-anxiety", "chelmer-minds-matter", "Yoga for anxiety (online)",
        ("Yoga and pilates", "Wellbeing courses"), ("chelmer-minds-online",), (weekly("TU", "19:00", "20:00"),),
        "A calm online class of breathing, gentle movement and relaxation for people living with anxiety.",
        first_visit="Book by email and we send you the link. Keep your camera off if you prefer.",
        referral=EMAIL, minimum_age=18,
    ),
    # Arts and creativity
    DemoService(
        "leigh-open-studio", "leigh-old-town-artists", "Open studio",
        ("Art and craft",), ("leigh-old-town-studio",), (weekly("TU", "10:00", "12:30"),),
        "Bring your own project or try painting, drawing or printmaking with help from local artists.",
        first_visit="Materials are provided for your first visit. There are three steps at the entrance.",
        costs=(per_session("4.00"),),
    ),
    DemoService(
        "library-knit-and-natter", "estuary-libraries", "Knit and natter",
        ("Art and craft", "Social clubs"), ("market-road-library",), (weekly("TH", "14:00", "15:30"),),
        "Knitting, crochet and conversation. Beginners are taught and wool is donated. A sociable afternoon "
        "for anyone who likes making things, or wants to learn.",
        first_visit="Just come to the library; needles and wool are provided.",
    ),
    DemoService(
        "shoreline-art-for-wellbeing", "shoreline-wellbeing", "Art for wellbeing course",
        ("Art and craft", "Wellbeing courses"), ("shoreline-centre",), (weekly("MO", "13:30", "15:30"),),
        "An eight-week course for adults with low mood or anxiety, using art to relax and connect. No "
        "experience needed.",
        first_visit="Your link worker refers you and we call to welcome you before the course starts.",
        referral=LINKWELL, minimum_age=18, capacity=Capacity(CapacityStatus.FULL, 0, 12),
    ),
    DemoService(
        "colne-pottery", "colne-community-hub", "Pottery for beginners",
        ("Art and craft", "Adult learning courses"), ("colne-hub-crouch-street",), (weekly("WE", "18:30", "20:30"),),
        "Learn hand-building and the wheel over six weeks. Clay and firing are included. Small classes for "
        "adults who have never touched clay, or want to get back into it.",
        first_visit="Wear clothes you do not mind getting muddy.",
        costs=(course("60", 6),), referral=EMAIL, minimum_age=16,
    ),
    DemoService(
        "chelmer-sings-choir", "chelmer-sings", "Chelmer Sings community choir",
        ("Music and singing",), ("springfield-green-hall",), (weekly("MO", "19:30", "21:00"),),
        "Pop, soul and folk songs learnt by ear; no auditions and no need to read music. For adults of any "
        "age who enjoy singing, whatever they think of their voice.",
        first_visit="Your first session is free. Arrive at 7:15pm to meet the musical director.",
        costs=(per_session("3.00"),),
    ),
    DemoService(
        "breathe-well-singing", "breathe-well-basildon", "Singing for lung health",
        ("Music and singing", "Condition support groups"), ("pitsea-community-centre",),
        (fortnightly("WE", "14:00", "15:30", "2026-09-02"),),
        "Singing and breathing exercises for people with COPD, asthma or long COVID, led by a trained "
        "singing-for-lung-health practitioner.",
        first_visit="Bring your inhalers and a drink.",
    ),
    DemoService(
        "blackwater-voices-choir", "blackwater-voices", "Blackwater Voices choir",
        ("Music and singing",), ("newland-street-hall",), (weekly("WE", "19:00", "21:00"),),
        "A community choir singing everything from folk to musicals, with a concert each season. New singers "
        "are buddied with an experienced member for their first few weeks.",
        first_visit="Come and listen or join in. We will find you a section that suits your voice.",
        costs=(per_session("3.00"),),
    ),
    DemoService(
        "clacton-ukulele", "tendring-coast-trust", "Ukulele strummers",
        ("Music and singing",), ("tendring-station-road",), (weekly("FR", "14:00", "15:30"),),
        "Learn a few chords and play along with others. Ukuleles can be borrowed. For complete beginners and "
        "improvers who want to make music and friends.",
        first_visit="Just turn up. If you have a ukulele, bring it.",
        costs=(donation("2"),),
    ),
    DemoService(
        "walden-writers-circle", "walden-writers", "Writers' circle",
        ("Writing and reading",), ("walden-common-room",), (monthly("2TU", "19:00", "21:00"),),
        "Share your writing, get friendly feedback and try writing exercises. Poets, memoir writers and "
        "novelists of every level are welcome.",
        first_visit="Bring something to read, or just listen.",
    ),
    DemoService(
        "leigh-shared-reading", "estuary-libraries", "Shared reading group",
        ("Writing and reading",), ("leigh-broadway-library",), (weekly("WE", "10:30", "12:00"),),
        "A short story and a poem are read aloud and then talked about; nobody has to read.",
        first_visit="Come to the library. Books are provided.",
    ),
    DemoService(
        "library-phone-book-club", "estuary-libraries", "Book club by phone",
        ("Writing and reading", "Befriending"), ("by-phone",), (monthly("1WE", "14:00", "15:00"),),
        "A monthly book club on a phone conference call, for people who cannot easily get out. Large-print "
        "and audio books are posted to you.",
        first_visit="Phone the library to join. We post the first book out about three weeks before the call.",
        referral=PHONE, minimum_age=18,
    ),
    DemoService(
        "brentwood-community-players", "brentwood-community-players", "Community theatre",
        ("Drama and performance",), ("ongar-road-hall",), (weekly("TH", "19:30", "21:30"),),
        "Rehearsals for two shows a year, with roles on and off stage. Newcomers can act, help backstage, "
        "make costumes or run front of house.",
        first_visit="Come to a rehearsal to see what we do.",
        costs=(DemoCost("Per term", Decimal("30.00"), "£30 a term"),), minimum_age=18,
    ),
    DemoService(
        "basildon-drama-for-confidence", "basildon-youth-collective", "Drama for confidence",
        ("Drama and performance", "Youth groups"), ("the-loft-youth-centre",), (weekly("TU", "17:00", "18:30"),),
        "Drama games and improvisation to build confidence and make friends. For young people who are shy, "
        "anxious or just want to try something new.",
        first_visit="A parent or carer fills in a consent form.",
        minimum_age=11, maximum_age=18,
    ),
    DemoService(
        "forest-lens-photo-walks", "forest-lens-photography", "Photography walks",
        ("Photography and film", "Nature walks and wildlife"), ("bell-common-car-park",),
        (monthly("1SU", "10:00", "12:30"),),
        "Monthly walks in the forest with tips on taking better photographs. For beginners and keen "
        "photographers alike; any camera will do.",
        first_visit="A phone camera is fine. The paths are uneven.",
    ),
    DemoService(
        "cva-afternoon-film-club", "chelmer-voluntary-action", "Afternoon film club",
        ("Photography and film", "Social clubs"), ("cva-baddow-road",), (monthly("-1TU", "14:00", "16:30"),),
        "A classic film with tea and biscuits on the last Tuesday of the month. A sociable afternoon out for "
        "older people and anyone free in the day.",
        first_visit="Pay on the door. The film starts at 2:15pm; come early for a good seat.",
        costs=(per_session("2.50"),),
    ),
    # Befriending and social groups
    DemoService(
        "blackwater-telephone-befriending", "blackwater-befrienders", "Telephone befriending",
        ("Befriending",), ("by-phone",), (),
        "A weekly phone call from the same friendly volunteer, for older people who feel lonely.",
        first_visit="Once you are referred, a coordinator phones to get to know you and match you.",
        referral=LINKWELL, minimum_age=60, capacity=Capacity(CapacityStatus.WAITLIST, 0, 60),
    ),
    DemoService(
        "blackwater-home-befriending", "blackwater-befrienders", "Home visit befriending",
        ("Befriending",), ("maldon-high-street-office",), (),
        "A volunteer visits for an hour a week for a chat, a walk or a trip out. For people over 60 in Maldon "
        "and the Dengie who rarely see anyone.",
        first_visit="A coordinator visits you first to get to know you.",
        referral=LINKWELL, minimum_age=60, capacity=Capacity(CapacityStatus.FULL, 0, 35),
    ),
    DemoService(
        "cva-befriending", "chelmer-voluntary-action", "Chelmer befriending",
        ("Befriending",), ("by-phone", "cva-baddow-road"), (),
        "Weekly phone calls or visits from a volunteer, for adults who are isolated. For adults in the "
        "Chelmer district who feel lonely, including people who are housebound.",
        first_visit="We arrange a first chat to find out what matters to you.",
        referral=LINKWELL, minimum_age=18,
    ),
    DemoService(
        "springfield-friday-lunch", "springfield-green-church", "Friday lunch club",
        ("Lunch clubs and cafés",), ("springfield-green-hall",), (weekly("FR", "12:00", "14:00"),),
        "A hot two-course lunch cooked by volunteers, with a quiz or a raffle afterwards. For older people "
        "and anyone who would enjoy a meal in company.",
        first_visit="Phone by Wednesday so we can cater; tell us about any special diets.",
        costs=(per_session("4.50", "Two-course lunch"),), referral=PHONE,
    ),
    DemoService(
        "westcliff-community-cafe", "westcliff-community-kitchen", "Community café",
        ("Lunch clubs and cafés",), ("westcliff-kitchen",), (weekly("TU,TH", "10:00", "14:00"),),
        "Hot drinks and home-cooked food on a pay-as-you-feel basis. Everyone is welcome, whether or not you "
        "can pay, and there is a warm space to stay.",
        first_visit="Just walk in. The menu is on the board, and staff can tell you about allergens.",
        costs=(donation("3"),),
    ),
    DemoService(
        "pitsea-lunch-club", "basildon-together", "Pitsea lunch club",
        ("Lunch clubs and cafés",), ("pitsea-community-centre",), (weekly("WE", "12:00", "13:30"),),
        "A two-course lunch for older people, with company and sometimes entertainment.",
        first_visit="Book by phone by Monday. Tell us about any special diets.",
        costs=(per_session("5.00"),), referral=PHONE, minimum_age=60,
    ),
    DemoService(
        "jaywick-community-breakfast", "tendring-coast-trust", "Community breakfast",
        ("Lunch clubs and cafés", "Community pantries and larders"), ("jaywick-community-rooms",),
        (weekly("SA", "09:00", "10:30"),),
        "A free cooked breakfast for anyone in the community, with a bread and fruit table to take home.",
        first_visit="No questions asked and no need to book. Food is served until 10:15am.",
    ),
    DemoService(
        "canvey-social-afternoon", "canvey-community-pantry", "Thursday social",
        ("Social clubs",), ("canvey-pantry",), (weekly("TH", "14:00", "16:00"),),
        "Cards, dominoes, bingo and a natter. A friendly group for older people and anyone who wants a reason "
        "to get out of the house.",
        first_visit="Just drop in. Tea and biscuits are on the house.",
    ),
    DemoService(
        "colne-board-games", "colne-community-hub", "Board games afternoon",
        ("Social clubs",), ("colne-hub-crouch-street",), (monthly("2SA", "13:00", "17:00"),),
        "Hundreds of board games and friendly people to teach you. Families, students and older people all "
        "come; children must bring an adult.",
        first_visit="Just come along. Children are welcome with an adult.",
    ),
    DemoService(
        "shoreline-lgbtq-social", "shoreline-wellbeing", "LGBTQ+ social evening",
        ("Social clubs", "Peer support groups"), ("shoreline-centre",), (monthly("1TH", "19:00", "21:00"),),
        "A relaxed, alcohol-free evening for LGBTQ+ adults. A chance to meet people, play games and chat in a "
        "safe, welcoming space.",
        first_visit="Come to the side entrance. You can email us first if you want someone to meet you.",
        minimum_age=18,
    ),
    DemoService(
        "moulsham-mens-shed-sessions", "moulsham-mens-shed", "Shed sessions",
        ("Men's sheds",), ("moulsham-shed",), (weekly("TU,TH", "10:00", "15:00"),),
        "Woodwork, repairs and projects for the community, or just a cuppa and a chat. Everyone is welcome.",
        first_visit="Come for a tour. Wear sturdy shoes.",
        costs=(donation("2"),), minimum_age=18,
    ),
    DemoService(
        "hythe-quay-shed-sessions", "hythe-quay-mens-shed", "Boatyard shed",
        ("Men's sheds",), ("hythe-quay-shed",), (weekly("MO,WE", "09:30", "13:00"),),
        "Woodwork and boat restoration by the quay. Tools and training provided. For anyone over 18 who wants "
        "to keep busy, learn skills and be part of a team.",
        first_visit="Pop in for a cuppa and a look round.",
        costs=(DemoCost("Membership", Decimal("10.00"), "£10 a month; your first month is free"),),
        minimum_age=18,
    ),
    DemoService(
        "shoreline-hearing-loss-group", "shoreline-wellbeing", "Hearing loss peer group",
        ("Peer support groups", "Condition support groups"), ("shoreline-centre",),
        (monthly("3WE", "10:30", "12:00"),),
        "People living with hearing loss sharing tips on hearing aids, lip reading and staying social.",
        first_visit="The room has a hearing loop and a BSL interpreter attends.",
        languages=("en", "bfi"), interpretation="A British Sign Language interpreter attends every meeting.",
    ),
    # Nature and gardening
    DemoService(
        "growing-together-allotment", "chelmer-growing-together", "Therapeutic growing sessions",
        ("Community gardening", "Supported volunteering"), ("admirals-park-growing-space",),
        (weekly("TU,SA", "10:00", "13:00"),),
        "Grow vegetables, flowers and confidence in a calm community garden with raised beds.",
        first_visit="Wear old clothes; gloves and tools are provided.",
        minimum_age=18,
    ),
    DemoService(
        "town-park-therapeutic-gardening", "town-park-growers", "Therapeutic gardening",
        ("Community gardening",), ("town-park-growing-space",), (weekly("WE", "10:00", "13:00"),),
        "Small-group gardening with a horticultural therapist, for adults with mental or physical health "
        "needs.",
        first_visit="After a referral, we invite you for a look round.",
        referral=LINKWELL, minimum_age=18, capacity=Capacity(CapacityStatus.WAITLIST, 0, 10),
    ),
    DemoService(
        "colne-hub-garden", "colne-community-hub", "Community garden mornings",
        ("Community gardening",), ("colne-hub-crouch-street",), (weekly("FR", "10:00", "12:30"),),
        "Help look after the hub's garden and share what we grow. No experience is needed: there are jobs for "
        "every ability, sitting or standing.",
        first_visit="Wear old clothes and sturdy shoes; gloves and tools are provided.",
    ),
    DemoService(
        "forest-edge-green-gym", "forest-edge-green-gym", "Green gym",
        ("Conservation volunteering",), ("hemnall-street-hall",), (weekly("TH", "10:00", "13:00"),),
        "Outdoor conservation tasks such as hedge laying and path clearing, with a warm-up and a cool-down.",
        first_visit="Meet at the hall; we drive to the site.",
        minimum_age=16,
    ),
    DemoService(
        "thorndon-woodland-tasks", "thorndon-woodland-volunteers", "Woodland work party",
        ("Conservation volunteering",), ("thorndon-north-car-park",),
        (fortnightly("SU", "10:00", "13:00", "2026-09-06"),),
        "Coppicing, clearing and bird-box building in the woods, every other Sunday.",
        first_visit="Wear boots and bring a packed lunch.",
        minimum_age=16,
    ),
    DemoService(
        "canvey-beach-clean", "canvey-seawall-walkers", "Beach clean",
        ("Conservation volunteering",), ("canvey-concord-beach",), (monthly("1SA", "10:00", "12:00"),),
        "A monthly litter pick along the beach and sea wall. A sociable morning for families and anyone who "
        "cares about the island's shore.",
        first_visit="Pickers, bags and gloves are provided. Under-16s come with an adult.",
    ),
    DemoService(
        "dengie-bird-watching", "dengie-wildlife-watch", "Birdwatching for beginners",
        ("Nature walks and wildlife",), ("promenade-park-pavilion",), (monthly("3SU", "09:00", "11:30"),),
        "A guided walk along the Blackwater to spot waders, geese and seals. For beginners of any age; the "
        "route is level and about two miles long.",
        first_visit="Binoculars can be borrowed. Wear warm, waterproof clothes and sturdy shoes.",
    ),
    DemoService(
        "forest-edge-forest-bathing", "forest-edge-green-gym", "Forest bathing",
        ("Nature walks and wildlife", "Wellbeing courses"), ("bell-common-car-park",),
        (monthly("-1SA", "10:00", "12:00"),),
        "A slow, mindful walk in the forest, using the senses to relax.",
        first_visit="Wear clothes for the weather. The ground is uneven.",
        costs=(per_session("5.00"),), minimum_age=18,
    ),
]
# fmt: on
