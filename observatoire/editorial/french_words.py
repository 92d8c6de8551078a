"""A compact French word list: enough to tell that a hashtag written in one case is made of
several words (« lebonheurestdansle » = le bonheur est dans le) and to propose its CamelCase;
it also lets the lexicon read such hashtags (« onrecrute » = on recrute).

Hand-written, by kind: grammatical words, frequent verbs, the common words of collectivités'
posts (and the single words that look like two, « bienvenue », « maintenant », so that they
are not cut), régions, départements and large towns, a few words of English used in
hashtags. `text.py` folds them (no accents, lower case) and adds the words of the default
lexicon. A word missing here never makes a hashtag fail: a run of letters is cut only when
every piece is a known word. Any change here changes the audit: raise RULES_VERSION."""

GRAMMAR = """
à au aux avec ce ceci cela ça ces cet cette chez chaque comme comment contre dans de des
depuis derrière devant donc dont du elle elles en entre et eux ici il ils je jusque la là le
les leur leurs lui ma mais me même mes moi mon ne ni nos notre nous on ou où par parmi pas
pendant peu plus pour pourquoi près puis quand que quel quelle quelles quels qui quoi sa sans
se selon ses si sinon soi son sous sur ta te tes toi ton tous tout toute toutes très tu un
une vers vos votre vous y aussi alors ainsi après avant bien beaucoup déjà encore enfin
ensemble ensuite jamais moins non oui partout peut-être plutôt presque souvent toujours
tant tard tôt trop vite voici voilà hier demain aujourd'hui aujourdhui maintenant bientôt
autour dessus dessous dehors dedans loin lors malgré outre hors via cependant pourtant
toutefois néanmoins surtout vraiment seulement notamment environ quelque quelques
plusieurs certains certaines autre autres aucun aucune chacun chacune personne rien
"""

VERBS = """
est sont suis es sommes êtes était étaient sera seront serait été être étant
a ai as avons avez ont avait avaient aura auront aurait eu avoir ayant
fait font faire faites fera feront faisons
va vont vais allez allons aller ira iront venez venir vient viennent venu venue venus
peut peuvent pouvez pouvons pouvoir doit doivent devez devons devoir faut falloir
sait savoir savez voir voyez vu vue vues dit dire dites disent prend prendre prenez
met mettre mis mise donne donner donnez trouve trouver trouvez aime aimer aimons aimez
découvre découvrir découvrez découvert partage partager partagez partagé rejoins
rejoindre rejoignez rejoint inscris inscrire inscrivez inscrit inscrite participe
participer participez passe passer passez passé reste rester restez restons suit suivre
suivez suivi vive vivre vivez vit vivons gagne gagner gagnez gagné ouvre ouvrir ouvert
ouverte ferme fermer fermé fermée fermées fermés lance lancer lancé lancée vote voter
votez voté recrute recruter recrutons recrutez candidate candidater postule postuler
célèbre célébrer fête fêter fêtons souhaite souhaiter souhaitons remercie remercier
merci bravo félicitations attention informe informer rappelle rappeler rappel retrouve
retrouver retrouvez joue jouer jouez chante chanter danse danser marche marcher court
courir roule rouler plante planter protège protéger protégez trie trier agit agir
agissons engage engager engagé engagée mobilise mobiliser mobilisé mobilisés
accompagne accompagner soutient soutenir soutenez aide aider aidez construit construire
rénove rénover investit investir accueille accueillir accueillons présente présenter
"""

NOUNS = """
accueil action actions activité activités actualité actu actus adresse affiche agenda
agent agents aide aides air ami amis amour an ans année années anniversaire appel après-midi
arbre argent arrivée art atelier ateliers automne avenir avis bain balade banque bateau
beauté besoin bibliothèque bienvenue bilan bois bonheur bonjour bonsoir bonne bonnes bord
boutique bout bureau but cadeau cadre campagne canal capitale carte cas centre chance
changement chantier chemin cheval chose ciel cité citoyen citoyens citoyenne citoyenneté
classe client cœur coin collectivité collectivités commune communes communauté concours
conseil construction contact côte couleur couleurs coup cour cours course cuisine culture
date début défi demande département départements désir dimanche direction dossier droit
droits eau écoute effet élan énergie enfant enfants ensemble entrée envie équipe équipes
espace espaces esprit été état étape événement événements exemple expérience famille
famille fête fêtes fin fleur fleurs foire fois fonds force forêt forme forum frère gare
gens goût grand grande grands grandes groupe guide habitant habitants heure heures
histoire hiver homme hommes honneur horaire horaires hôtel idée idées île image images
info infos information informations initiative initiatives invitation jardin jeu jeux
jeudi joie jour journée journées jours juillet juin lac langue lecture lendemain lien
liens lieu lieux ligne livre local locale locaux loisir loisirs lumière lundi lune madame
main mairie maison maisons marché mardi matin matinée mer mercredi merveille message mesure
métier midi mieux mille minute mission moment monde monsieur montagne mot musique nature
nuit numéro objectif occasion œil offre opération or ordre ouverture page paix parc
parcours part partage partenaire partenaires partie passage passion patrimoine pays
paysage période personnes petit petite petits petites photo photos pièce place plage
plaisir plan planète plein pluie point pont porte portrait poste pratique présent
présentation printemps prix problème programme projet projets promenade public publique
question rappel raison randonnée réunion rencontre rencontres rendez-vous rentrée réseau
réseaux retour rêve rivière rue rues saison salle salon samedi santé secteur semaine
sens service services site soir soirée soleil solution sortie sorties souvenir spectacle
sport stand succès suite surprise table temps terre territoire territoires thème tour
tourisme trajet travail travaux trésor vacances valeur vallée vendredi vent vérité
victoire vie village villages ville villes visite voisin voisins voiture voyage week-end
weekend zone
"""

ADJECTIVES = """
beau belle beaux belles bon bons nouveau nouvelle nouveaux nouvelles vieux vieille jeune
jeunes grand grande petit petite gros grosse haut haute bas basse long longue court courte
plein pleine vide libre gratuit gratuite gratuits gratuites ouvert fermé prochain prochaine
dernier dernière premier première premiers premières second seconde deuxième troisième
meilleur meilleure meilleurs heureux heureuse joyeux joyeuse fier fière fiers ravi ravie
ravis magnifique superbe incroyable unique important importante national nationale
régional régionale départemental départementale municipal municipale local locale
rural rurale urbain urbaine vert verte verts bleu bleue rouge rose blanc blanche noir
noire jaune orange violet doré dorée clair claire chaud chaude froid froide sec sèche
humide durable solidaire accessible accessibles inclusif inclusive citoyen citoyenne
sportif sportive culturel culturelle naturel naturelle historique européen européenne
français française international internationale ancien ancienne moderne simple facile
possible nombreux nombreuses divers diverses tout toute entier entière vrai vraie
"""

TIME = """
janvier février mars avril mai juin juillet août septembre octobre novembre décembre
lundi mardi mercredi jeudi vendredi samedi dimanche printemps été automne hiver noël
pâques toussaint réveillon nouvel an matin soir midi minuit
un deux trois quatre cinq six sept huit neuf dix onze douze vingt trente cent mille
"""

# Single words that read as two known words (« maintenant » = main + tenant): listed whole so
# that they are never cut.
LOOKALIKES = """
aujourd'hui bienvenue bienvenus bienvenues bonjour bonsoir bonheur malheur ensemble enfin
maintenant cependant pourtant toutefois partout surtout longtemps quelquefois parfois
lendemain madame mademoiselle commentaire commentaires commentez commenter partagent
partageons partagez actuel actuelle actuels actuelles actuellement plantant plantation
prestataire prestataires contrainte contraintes valide valides validé validée validées
validés validation passage partage partages parcours courage carnaval
entreprise entreprises entrepreneur entretien entretiens entrée entrées entrevue envie
envies environ environs enfance enfant enfants encore enseigne ensuite entier entière
avenir avenue avenues avance aventure aventures atout atouts aval amont alentours
portail portrait portraits pourcentage poursuite pourquoi paysan paysanne paysans
soutien soutiens sourire souvenir souvenirs sourdine souterrain toujours tourner tournée
tournoi tournois courant courrier courses coursier surface surprise surprises surplus
parfait parfaite partenaire partenariat parterre passeport passerelle passion pastorale
mission missions mission commission commissions composition compositions concours
contour contours contrat contrats convention conventions demande demandes dépenses
lecture lectures lecteur lecteurs semaine semaines semestre sentiment sentinelle
information informations formation formations transformation installation
installations inscription inscriptions invitation invitations manifestation
manifestations présentation présentations réservation réservations rénovation
association associations animation animations exposition expositions
bonjour bonsoir bonnet bonbon bonbons pourparlers toutes touristes mainlevée
ensoleillé ensoleillée ensoleillement enneigé enneigée enneigement enlèvement
vendredi mercredi samedi dimanche vendanges vendange vendeur vendeurs marchand marchande
marchands marchés marcheurs chantier chantiers champion championne champions championnat
collecte collectes collège collèges collégien collégiens collégienne collégiennes
déchets déchetterie sentier sentiers printanier estival estivale estivales hivernal
hivernale patrimoine patrimoines territoire territoires terrain terrains terrasse
terrasses terroir terroirs habitant habitants habitat habitation quartier quartiers
solidarité solidarités citoyenneté collectivité collectivités communauté communautés
département départements région régions métropole métropoles intercommunalité
agglomération agglomérations commune communes mairie mairies préfecture préfectures
jeunesse jeunesses vieillesse richesse richesses promesse promesses adresse adresses
faiblesse sagesse tendresse vitesse justesse politesse détresse caresse messe
caresses tristesse allégresse noblesse paresse kermesse kermesses ivresse souplesse
"""

PLACES = """
france français française europe européen occitanie bretagne normandie provence alpes
côte azur auvergne rhône bourgogne franche comté grand est hauts pays loire centre val
nouvelle aquitaine île corse guadeloupe martinique guyane réunion mayotte
ain aisne allier ardèche ardennes ariège aube aude aveyron bouches calvados cantal charente
maritime cher corrèze creuse dordogne doubs drôme eure finistère gard garonne gers gironde
hérault ille vilaine indre isère jura landes loir loiret lot lozère maine manche marne
mayenne meurthe moselle meuse morbihan nièvre nord oise orne pas calais puy dôme pyrénées
atlantiques orientales rhin saône sarthe savoie seine yvelines sèvres somme tarn var
vaucluse vendée vienne vosges yonne territoire belfort essonne denis
paris lyon marseille toulouse nice nantes strasbourg montpellier bordeaux lille rennes
reims toulon grenoble dijon angers nîmes auch tours limoges clermont amiens metz besançon
perpignan orléans rouen caen nancy avignon poitiers pau rochelle mâcon chalon autun
"""

# The words behind the lexicon's prefix terms (« vigilance* », « collèg* »), which text.py
# cannot take from the lexicon itself: « vigilancecruegers » = vigilance crue gers.
LEXICON = """
vigilance alerte alertes crue crues inondation inondations tempête tempêtes orage orages
covid épidémie pandémie évacuation sinistré sinistrés séisme culture culturel culturelle
festival festivals exposition musée musées médiathèque bibliothèque spectacle spectacles
théâtre cinéma danse musique musicien musiciens artiste artistes artistique vernissage
conservatoire orchestre chorale dédicace écrivain scène fresque carnaval photographie sport
sports sportif sportive sportifs gymnase stade piscine basket volley athlète athlètes trail
marathon champion championne championnat compétition victoire médaille podium canoë kayak
emploi emplois candidature candidatures stagiaire apprenti apprentie apprentis métier
métiers économique entreprise entrepreneur artisan artisanat commerce commerces commerçant
commerçants industrie industriel usine agriculture agriculteur agriculteurs agricole éleveur
éleveurs filière startup pompier pompiers défibrillateur incendie incendies brûlage arnaque
arnaques escroquerie fraude démarchage cambriolage cambriolages gendarme gendarmes noyade
sirène addiction addictions stupéfiant solidarité médecin médecins médecine médical médicale
hôpital hôpitaux hospitalier infirmier infirmière pharmacie vaccin vaccination dépistage
cancer handicap handicapé handicapés bénévole bénévoles bénévolat environnement
environnemental déchet déchets recyclage recycler compost composteur composteurs
ressourcerie recyclerie déchetterie déchèterie climatique écologie écologique écogeste
écogestes arbre arbres plantation plantations haie haies forêt forêts forestier forestière
pollinisateur pollinisateurs abeille abeilles pollution pesticide pesticides éolien éolienne
éoliennes photovoltaïque tourisme touristique touristiques touriste touristes patrimoine
randonnée randonnées randonneur randonneurs balade balades sentier sentiers séjour séjours
escapade gîte gîtes camping paysage paysages panorama belvédère gastronomie terroir vignoble
vignobles destination baignade plage plages thermal thermale instameet routier routière
routiers routières voirie chaussée enrobé déviation déviations embouteillage giratoire
transport transports autocar tramway ferroviaire vélo vélos cyclable cyclables mobilité
mobilités parking collège collèges collégien collégiens lycée lycées lycéen lycéens écolier
écoliers étudiant étudiants université universitaire scolaire scolaires périscolaire
cantine enseignant enseignants professeur professeurs éducation éducatif éducative budget
budgétaire plénière délibération ministre ministère député députée sénat sénateur élection
élections électoral électorale scrutin concertation cérémonie commémoration hommage mairie
recensement passeport jumelage inauguration inaugure inauguré recrutement recrute recrutons
redécouvrir redécouvrez
"""

ENGLISH = """
the of and love visit travel photo photography instagood nature art music food city trip
summer winter spring night life best new world happy good morning throwback weekend day
"""

RAW = "\n".join((GRAMMAR, VERBS, NOUNS, ADJECTIVES, TIME, LOOKALIKES, PLACES, LEXICON, ENGLISH))
