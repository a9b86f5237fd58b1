/**
 * Raw word lists for the background vocabulary, roughly most common first.
 * Markers (stripped by vocabulary.ts): noun `!` = no plural, `a/b` = irregular plural; verb `+` =
 * doubles its last consonant (stop -> stopped); adjective `~` = has an -ly adverb.
 */

export const FUNCTION_WORDS = `the of and to a in is it you that was for on are with as i his they be at have this from or
had by not but what some we can out were all there when up your how said an each she which do their if will about many then
them would so these her him has more could no my over than who may been now any just only very after also our well even back
here must such why too same both few most other into much through before while because though where still yet again never
always often once since until against between during without within upon among around above below across behind beyond near
off down under toward its those every another either neither nor whether whose whom it's don't can't i'm you're we're
they're isn't wasn't didn't doesn't won't wouldn't couldn't shouldn't i've i'll i'd let's there's that's he me us myself
yourself ourselves themselves itself herself himself anyone anything everyone everything someone something nothing nobody
somebody everybody somewhere anywhere nowhere however therefore although unless whereas maybe perhaps quite rather pretty
really actually almost already enough instead otherwise soon later ago yes yeah ok okay please thanks hi hey hello oh lol btw
tbh imo per via plus minus versus throughout beside besides alongside onto inside outside underneath meanwhile anyway
somehow sometimes anymore nearby tonight today tomorrow yesterday`

export const NOUNS = `time year way day thing world school state family student group country problem hand part place case week company system
program question work government number night point home water! room area money! story fact month lot right study book
eye job word business issue side kind head house service friend father mother power hour game line end member law car
city community name team minute idea kid body information! back parent face level office door health! art war history!
party result change morning reason research! girl guy moment air! teacher force education! view relationship town road
arm difference value building action model season society tax director position player record paper space ground form
event official matter center couple site project activity star table need court oil situation cost industry figure
street image phone picture practice piece land product doctor wall patient worker test movie love! support! technology
step baby computer type attention! film tree source organization hair! window evidence! population bank trouble! window
chair plant rule sort letter boat bag bed bottle box bridge brother building button cable camera card cat chain cheese!
coffee! coin color corner cup desk dinner dog dress engine farm flower fruit! garden gate glass gift goal hill hole
horse island jacket key kitchen lake lamp leg lesson library lunch map meal message metal mirror mountain nose ocean
orange page pair park path pen pencil pocket pool post river rock roof sand! seat shirt shoe shop signal sister skin sky
snow! song soup spring square station stone storm sugar! summer sun table tail taste ticket tool tower toy train
trip truck umbrella uncle valley village wheel wind winter yard battery charger motor display brake chain cassette
derailleur pedal saddle handlebar frame fork tyre tire tube spoke rim hub crank sprocket cog cable fender mudguard rack
pannier basket kickstand bell mirror light headlight taillight reflector lock helmet glove jersey commute commuter rider
cyclist trail route lane cycleway crossing junction roundabout traffic! pothole curb kerb puddle gravel! cobblestone
hill climb descent gradient headwind tailwind range mile kilometre kilometer charge socket plug adapter fuse connector
wire firmware! update app account password login screen notification setting toggle menu tab widget sensor throttle
assist mode torque! cadence! speed watt volt amp cell pack warranty refund return order delivery shipment parcel package
courier tracking invoice receipt payment discount coupon voucher subscription customer agent ticket request complaint
review rating feedback! suggestion feature bug crash error glitch fix patch release version beta roadmap launch preview
demo showroom store dealer mechanic workshop repair service checkup inspection replacement part spare stock supply
warehouse factory shipping! freight! port box carton label sticker manual guide tutorial video photo clip post thread
comment reply mention hashtag follower profile bio avatar handle inbox draft channel feed forum board topic poll survey
newsletter blog article headline column editor reporter journalist podcast episode interview quote statement
announcement press! campaign sale deal offer bundle promo giveaway contest prize winner entry brand logo slogan identity
design colour shade pattern texture finish paint! coating scratch dent crack rust! leak noise rattle squeak click hum
vibration smell! heat! cold! rain! fog! ice! weather! forecast temperature degree climate season autumn fall
neighbourhood neighborhood suburb downtown centre district region province county border coast harbour harbor beach bay
cliff forest wood meadow field farm barn fence hedge pond stream canal tunnel overpass underpass highway motorway avenue
boulevard alley corner sidewalk pavement parking! garage driveway apartment flat building block floor stair elevator
lift basement attic balcony terrace hallway closet cupboard drawer shelf! counter sink oven fridge freezer kettle
toaster blender plate bowl fork spoon knife! napkin towel blanket pillow sheet mattress sofa couch cushion carpet rug
curtain blind candle clock watch calendar diary notebook folder file document spreadsheet slide chart graph diagram
table column row cell formula budget forecast estimate quote bill fee fine rent salary wage bonus pension loan mortgage
debt credit! cash! wallet purse bill coin note change! profit loss revenue income expense investment investor
shareholder board executive manager supervisor employee colleague intern volunteer mentor coach trainer athlete champion
rival fan supporter crowd audience viewer listener reader writer author artist painter musician singer dancer actor
actress director producer photographer designer engineer developer programmer scientist researcher analyst consultant
lawyer judge jury witness victim suspect officer soldier captain pilot driver passenger traveller traveler tourist guest
host visitor neighbour neighbor stranger partner spouse husband cousin nephew niece grandparent grandmother grandfather
daughter toddler teenager adult senior citizen resident local owner tenant landlord buyer seller vendor supplier client
user admin moderator volunteer organiser organizer planner schedule agenda deadline meeting call chat conversation
discussion debate argument agreement contract deal term condition clause policy procedure method approach strategy
tactic technique trick tip hint clue secret surprise mystery puzzle riddle joke laugh smile tear cry shout whisper sigh
breath cough sneeze yawn nap sleep! dream nightmare memory thought feeling emotion mood attitude opinion belief hope
fear worry doubt concern anger! joy! happiness! sadness! pride! shame! guilt! envy! jealousy! trust! respect! patience!
courage! confidence! energy! strength weakness habit routine hobby passion skill talent ability knowledge! wisdom!
intelligence! talent experience lesson course class lecture seminar workshop exam grade degree diploma certificate award
medal trophy cup ribbon badge token pass permit licence license passport visa border queue line crowd rush delay
cancellation strike protest march rally festival concert show exhibition gallery museum theatre theater cinema stadium
arena gym pool court pitch track circuit lap race marathon sprint relay match tournament league season fixture score
goal point penalty foul referee whistle flag banner poster flyer leaflet brochure catalogue catalog magazine newspaper
journal edition issue chapter paragraph sentence phrase word letter character symbol sign signal alarm siren horn bell
buzzer switch lever knob dial gauge meter scale ruler tape measure thermometer compass needle thread button zipper
pocket sleeve collar belt buckle strap hook loop knot rope string cord bolt screw nut nail hammer wrench spanner
screwdriver drill saw blade pliers clamp bracket hinge spring gear axle bearing shaft piston valve pump hose pipe tank
filter nozzle tap faucet drain gutter chimney roof tile brick beam pillar arch dome tower spire statue fountain monument
memorial grave cemetery church temple mosque chapel castle palace fort ruin cave tunnel mine quarry factory plant mill
depot terminal platform carriage wagon tram bus taxi van lorry tractor scooter skateboard motorcycle helicopter plane
airport runway jet rocket satellite planet moon galaxy universe orbit comet meteor asteroid telescope microscope
laboratory experiment sample specimen cell gene protein virus bacteria! vaccine medicine! pill dose symptom fever
headache injury wound bruise bandage plaster cast crutch wheelchair ambulance hospital clinic pharmacy nurse surgeon
dentist therapist diet vitamin calorie protein snack breakfast brunch supper dessert cake cookie biscuit bread! butter!
jam! honey! salt! pepper sauce recipe ingredient flavour flavor spice herb onion garlic! carrot lettuce! cabbage bean
pea nut apple banana grape lemon lime peach pear plum cherry berry melon pizza pasta! noodle sandwich burger salad soup
stew curry taco sushi! cereal! yogurt! milk! juice! tea! beer! wine! cocktail smoothie bottle can jar cup mug glass
kettle pot pan tray lid`

export const IRREGULAR_NOUNS = `man/men woman/women child/children person/people foot/feet tooth/teeth mouse/mice goose/geese
life/lives wife/wives leaf/leaves half/halves wolf/wolves thief/thieves shelf/shelves knife/knives hero/heroes potato/potatoes
tomato/tomatoes echo/echoes crisis/crises analysis/analyses thesis/theses criterion/criteria phenomenon/phenomena series
species sheep fish deer aircraft news data media`

export const VERBS = `ask seem help talk turn start play move like live believe happen include continue learn change watch follow create open
walk offer remember consider appear wait serve expect stay reach kill remain suggest raise pass report decide pull
return explain hope develop carry receive agree support remove vote produce pick wonder visit listen work call want need
look use try charge cycle pedal commute brake steer park lock unlock repair replace install update upgrade restart
reboot pair connect disconnect sync load download upload refresh crash fix patch release test debug+ report deliver
order cancel refund return exchange ship+ track pack unpack assemble adjust tighten loosen clean wash polish lubricate
oil inflate puncture check inspect measure compare review rate recommend mention reply comment post share follow block
mute report flag+ ban+ archive delete edit publish schedule plan+ book confirm reschedule arrive depart travel explore
climb descend accelerate slow cruise coast stop+ drop+ shop+ step+ grab+ chat+ tap+ nod+ skip+ slip+ trip+ wrap+ hug+
jog+ beg+ fit+ pin+ scan+ tag+ map+ log+ plug+ zip+ snap+ trim+ admit+ commit+ permit+ refer+ prefer+ occur+ regret+
control+ submit+ equip+ rub+ scrub+ spot+ chop+ mop+ knit+ pat+ rot+ sip+ sob+ stab+ stir+ strip+ swap+ whip+ fund
account add allow answer appreciate arrange attach attack attempt avoid bake balance behave belong boil borrow bother
bounce brush bump burn calculate camp care celebrate challenge chase cheer chew choke claim clap+ clear collect colour
color complain complete concentrate concern copy correct cough count cover crack crawl cross cure curl damage dance
decorate delay delight depend describe deserve destroy detect disagree disappear discover dislike divide double doubt
drag+ dress dry earn educate employ empty encourage end enjoy enter escape examine excite excuse exist expand fail
fasten fax fetch file fill film fire flash float flood flow fold force form frighten fry gather gaze glow glue grate
greet guarantee guard guess hammer hand handle harm hate haunt heat hook hover hunt hurry identify ignore imagine
impress improve increase inform inject injure intend interest interfere interrupt introduce invent invite irritate itch
jail join joke judge juggle jump kick kiss kneel knock label land last laugh launch lick lift lighten limit list love
manage march mark marry match matter melt milk mine miss mix moan murmur nail name note notice number obey object
observe obtain own paint pause peel perform phone place please point pour pray present preserve press pretend prevent
print produce promise protect provide pump punch punish push question race rain reflect refuse reign reject rejoice
relax rely repeat request rescue retire rhyme rinse risk rinse roll rule rush sail satisfy save scare scatter scold
scratch scream screw seal search settle shade share shave shelter shiver shock sigh sign signal sin+ sketch smell smile
smoke sneeze snore soothe sound spare spark sparkle spell spill spoil spray sprout squash squeak squeal squeeze stamp
stare steer stitch store strap+ stretch stuff suffer suit supply suppose surprise surround suspect suspend switch tame
taste tease telephone tempt terrify thank thaw tick tickle time tire touch tour tow trace trade train transport trap+
treat tremble trot+ trust twist type unite unpack use vanish wail wander warm warn waste water wave weigh welcome whine
whirl whisper whistle wink wipe wish wobble worry wrestle yawn yell zoom`

export const IRREGULAR_VERBS = `be is was were been being; have has had having; do does did done doing; go goes went gone
going; get gets got gotten getting; make makes made making; know knows knew known knowing; think thinks thought thinking;
take takes took taken taking; see sees saw seen seeing; come comes came coming; give gives gave given giving; find finds
found finding; tell tells told telling; feel feels felt feeling; become becomes became becoming; leave leaves left leaving;
put puts putting; mean means meant meaning; keep keeps kept keeping; let lets letting; begin begins began begun beginning;
run runs ran running; write writes wrote written writing; sit sits sat sitting; stand stands stood standing; lose loses
lost losing; pay pays paid paying; meet meets met meeting; set sets setting; build builds built building; cut cuts cutting;
hold holds held holding; bring brings brought bringing; buy buys bought buying; sell sells sold selling; teach teaches
taught teaching; catch catches caught catching; fight fights fought fighting; ride rides rode ridden riding; drive drives
drove driven driving; break breaks broke broken breaking; speak speaks spoke spoken speaking; choose chooses chose chosen
choosing; wear wears wore worn wearing; tear tears tore torn tearing; steal steals stole stolen stealing; forget forgets
forgot forgotten forgetting; freeze freezes froze frozen freezing; shake shakes shook shaken shaking; wake wakes woke woken
waking; fly flies flew flown flying; grow grows grew grown growing; throw throws threw thrown throwing; draw draws drew
drawn drawing; blow blows blew blown blowing; sing sings sang sung singing; ring rings rang rung ringing; swim swims swam
swum swimming; drink drinks drank drunk drinking; sink sinks sank sunk sinking; eat eats ate eaten eating; fall falls fell
fallen falling; hide hides hid hidden hiding; bite bites bit bitten biting; read reads reading; lead leads led leading;
feed feeds fed feeding; send sends sent sending; spend spends spent spending; lend lends lent lending; bend bends bent
bending; sleep sleeps slept sleeping; sweep sweeps swept sweeping; weep weeps wept weeping; deal deals dealt dealing; dig
digs dug digging; stick sticks stuck sticking; hang hangs hung hanging; win wins won winning; spin spins spun spinning;
shoot shoots shot shooting; light lights lit lighting; slide slides slid sliding; understand understands understood
understanding; forgive forgives forgave forgiven forgiving; rise rises rose risen rising; shine shines shone shining; lie
lies lay lain lying; die dies died dying; tie ties tied tying; seek seeks sought seeking; hear hears heard hearing; say says said
saying; show shows showed shown showing; upset upsets upsetting; quit quits quitting; hurt hurts hurting; cost costs costing;
shut shuts shutting; spread spreads spreading; split splits splitting; bet bets betting; reset resets resetting`

export const ADJECTIVES = `good new first last long great little own other old right big high different small large next early young important few
public bad same able free~ sure~ clear~ full~ special~ easy~ strong~ certain~ whole real~ best better true hard recent~
local~ late human~ close~ simple~ main~ quick~ short light~ dark cold~ hot warm~ cool~ fresh~ clean~ dirty dry wet
heavy~ soft~ loud~ quiet~ slow~ fast busy happy~ sad~ angry~ calm~ brave~ proud~ kind~ gentle~ rough~ smooth~ sharp~
flat steep~ narrow~ wide~ broad~ deep~ shallow thick thin tall tiny huge~ massive~ rapid~ sudden~ smart~ clever~ silly
wise~ rich poor~ cheap~ expensive~ lucky~ unlucky strange~ weird~ normal~ usual~ rare~ common~ basic~ extra total~
final~ perfect~ terrible~ awful~ horrible~ lovely amazing~ brilliant~ excellent~ fantastic~ wonderful~ beautiful~ ugly
nice~ fine~ decent~ solid~ reliable~ sturdy flimsy fragile shiny dull~ bright~ pale colourful colorful plain~ fancy
elegant~ modern classic sleek~ stylish~ comfortable~ uncomfortable~ practical~ useful~ useless helpful~ annoying~
frustrating~ confusing~ surprising~ disappointing~ impressive~ exciting interesting~ boring funny~ serious~ honest~
fair~ unfair~ polite~ rude~ friendly patient~ careful~ careless~ curious~ nervous~ anxious~ relaxed eager~ keen~ tired
bored scared excited worried pleased upset grateful~ thankful~ sorry glad~ ready~ willing~ unable unclear~ obvious~
possible impossible likely unlikely available missing broken faulty loose tight~ stuck flat empty full~ whole partial~
complete~ incomplete~ correct~ wrong~ accurate~ precise~ rough~ exact~ approximate~ average regular~ daily weekly
monthly yearly annual~ urban rural~ electric~ electrical~ mechanical~ digital~ wireless automatic~ manual~ optional~
standard official~ original~ genuine~ fake secondhand used brand-new upgraded outdated ancient current~ previous~
former~ future recent temporary~ permanent~ constant~ frequent~ occasional~ random~ steady~ stable unstable noisy~
silent~ smelly sticky muddy dusty rusty icy snowy rainy sunny windy cloudy foggy stormy chilly freezing boiling humid
mild~ harsh~ extreme~ moderate~ massive minor major personal~ private~ social~ global~ national~ international~
regional~ central~ northern southern eastern western coastal hilly flat scenic peaceful~ crowded empty remote~ nearby
distant safe~ unsafe dangerous~ risky legal~ illegal~ green blue red yellow orange purple pink brown black white grey
gray silver golden`

export const DOMAIN_EXTRAS = `ebike e-bike ebikes e-bikes pedelec emtb mtb gravel cargo folding step-through hardtail
fullsuspension belt-drive hub-motor mid-drive wh kwh km/h mph lumen lumens commuter2 trailx bikeshare bikelane
bikelanes cyclelane bikepacking bikecommute touring randonneur crit peloton bonk cleat cleats clipless flatpedal
dropbar drops hoods shifter shifters bottombracket headset seatpost stem chainring chainstay dropout thruaxle
quickrelease tubeless sealant presta schrader psi bar discbrake rotor rotors caliper hydraulic mechanic's lube degreaser
torx allen multitool pump co2 inner-tube patchkit bluetooth ble nfc gps ios android iphone pixel galaxy oneplus app's
firmware's bms overheat overheating undervoltage cutoff regen throttle-only class1 class2 class3 uci strava komoot garmin
wahoo gpx fit-file`
