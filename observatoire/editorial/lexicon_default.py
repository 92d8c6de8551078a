"""The default lexicon of collectivités' editorial themes, loaded into Theme/ThemeTerm by the
migration 0002_default_lexicon; staff correct it in the admin afterwards (docs/themes.md).

Hashtags are read split into words (#OnRecrute, #onrecrute → « on recrute »), so a term is
written as words, never as a hashtag. Each theme keeps its `bit` for ever (PostAnalysis.themes
is a bit set): a theme removed leaves its bit unused, a new theme takes the next free one.
Terms are matched as `themes.py` says: folded case and accents, whole words, `*` for a prefix,
negatives taking back what they cover.
"""

from __future__ import annotations

from dataclasses import dataclass


def terms(text: str) -> tuple[str, ...]:
    """Terms written one after the other, separated by commas (no term holds a comma); a
    term may run over two lines."""
    return tuple(" ".join(term.split()) for term in text.split(",") if term.strip())


@dataclass(frozen=True, slots=True)
class ThemeSpec:
    slug: str
    bit: int
    name: str
    name_en: str
    description: str
    terms: tuple[str, ...]
    negatives: tuple[str, ...] = ()


THEMES: tuple[ThemeSpec, ...] = (
    ThemeSpec(
        slug="tourisme",
        bit=0,
        name="Tourisme et attractivité",
        name_en="Tourism and attractiveness",
        description=(
            "Patrimoine, paysages, randonnées et balades, marchés et terroir, hébergements, "
            "offices de tourisme, image du territoire et invitations à partager ses photos."
        ),
        terms=terms(
            """
            tourism*, touristique*, touriste*, office de tourisme, offices de tourisme,
            oenotourisme, cyclotourisme, patrimoin*, randonnée*, randonneur*, balade*, sentier*,
            visites guidées, visite guidée, visitez, à visiter, redécouvr*, vacances, séjour*,
            escapade*, gîte*, camping*, hébergement touristique, paysage*, panorama*, vue
            panoramique, coucher de soleil, lever de soleil, belvédère*, château, châteaux, abbaye*,
            village de caractère, villages de caractère, plus beaux villages, marché de producteurs,
            marchés de producteurs, marché de noël, marchés de noël, gastronomi*, terroir*, produits
            locaux, vignoble*, route des vins, destination*, attractivité, grand site, grands sites,
            unesco, baignade*, plage*, station de ski, stations de ski, thermal*, plus belle photo,
            vos photos, vos plus belles photos, photo du jour, en photos, en photo, photo partagée,
            photos partagées, partagez vos photos, identifiez nous, instameet*, carte postale,
            cartes postales
            """
        ),
        negatives=terms(
            """
            château thierry, château gontier, château chinon, château du loir
            """
        ),
    ),
    ThemeSpec(
        slug="routes-mobilites",
        bit=1,
        name="Routes et mobilités",
        name_en="Roads and mobility",
        description=(
            "Routes et travaux de voirie, circulation et déviations, viabilité hivernale, "
            "transports en commun et scolaires, vélo, covoiturage, stationnement, sécurité "
            "routière."
        ),
        terms=terms(
            """
            route, routes, routier*, routière*, info route, infos routes, état des routes, route
            départementale, routes départementales, réseau routier, travaux routiers, travaux de
            voirie, voirie*, chaussée*, enrobé*, nids de poule, nid de poule, circulation,
            circulation alternée, déviation*, route barrée, trafic, info trafic, bouchons,
            embouteillage*, viabilité hivernale, déneigement, salage, chasse neige, rond point,
            giratoire*, limitation de vitesse, sécurité routière, bison futé, transport*, transports
            en commun, bus, autocar*, car scolaire, cars scolaires, ligne de bus, lignes de bus,
            tramway*, tram, métro, trains, train, ter, sncf, gare, gares, ferroviaire*, covoiturage,
            autopartage, vélo*, cyclable*, voie verte, voies vertes, mobilité*, stationnement,
            parking*, aire de covoiturage, borne de recharge, bornes de recharge, véhicule
            électrique, véhicules électriques, permis de conduire
            """
        ),
        negatives=terms(
            """
            feuille de route, feuilles de route, en route, bonne route, route des vins, route du
            rhum, en train, train de vie, train de mesures
            """
        ),
    ),
    ThemeSpec(
        slug="colleges-jeunesse",
        bit=2,
        name="Collèges et jeunesse",
        name_en="Schools and youth",
        description=(
            "Collèges, lycées et écoles, rentrée scolaire, restauration et transport scolaires, "
            "accueils de loisirs, conseils de jeunes, dispositifs pour les jeunes."
        ),
        terms=terms(
            """
            collèg*, lycée*, lycéen*, école, écoles, écolier*, les élèves, des élèves, aux élèves,
            nos élèves, élèves de, parents d'élèves, étudiant*, université*, universitaire*, campus,
            rentrée, rentrée scolaire, rentrée des classes, scolaire*, scolarité, périscolaire*,
            cantine*, restauration scolaire, transport scolaire, fournitures scolaires, jeunesse,
            jeunes, enfance, petite enfance, accueil de loisirs, accueils de loisirs, centre de
            loisirs, centres de loisirs, colonie de vacances, colonies de vacances, conseil des
            jeunes, conseil municipal des jeunes, conseil départemental des jeunes, conseil régional
            des jeunes, service civique, pass permis, pass culture, bafa, brevet, baccalauréat,
            apprentissage, enseignant*, professeur*, éducati*, internat, internats, harcèlement
            scolaire
            """
        ),
        negatives=terms(
            """
            collègue*, collégial*, collège électoral, rentrée littéraire, rentrée culturelle,
            rentrée parlementaire, jeunes pousses, jeunes plants, jeunes arbres
            """
        ),
    ),
    ThemeSpec(
        slug="solidarites-sante",
        bit=3,
        name="Solidarités et santé",
        name_en="Solidarity and health",
        description=(
            "Action sociale, personnes âgées et handicap, enfance et familles, insertion, aide "
            "alimentaire, santé, accès aux soins, dons, prévention santé."
        ),
        terms=terms(
            """
            solidarit*, solidaire, solidaires, action sociale, aide sociale, travailleurs sociaux,
            logement social, logements sociaux, rsa, précarité, pauvreté, sans abri, hébergement
            d'urgence, banque alimentaire, aide alimentaire, restos du cœur, épicerie solidaire, don
            du sang, collecte de sang, donneurs de sang, efs, santé, santé mentale, maison de santé,
            maisons de santé, centre de santé, médecin*, médical*, médico social, hôpita*,
            hospitalier*, hospitalisation*, soins, infirmi*, pharmacie*, vaccin*, dépistage*,
            cancer*, octobre rose, movember, mois sans tabac, handicap*, personnes handicapées,
            mdph, autonomie, personnes âgées, proches âgés, aînés, seniors, ehpad, maintien à
            domicile, aide à domicile, aidants, personnes isolées, personnes vulnérables, protection
            de l'enfance, familles, parentalité, pmi, violences conjugales, violences faites aux
            femmes, bénévol*, téléthon, secours populaire, croix rouge
            """
        ),
    ),
    ThemeSpec(
        slug="environnement",
        bit=4,
        name="Environnement",
        name_en="Environment",
        description=(
            "Nature et biodiversité, déchets et recyclage, eau, climat et énergie, transition "
            "écologique, espaces naturels, arbres et jardins."
        ),
        terms=terms(
            """
            environnement*, biodiversité, nature, espaces naturels, espace naturel sensible, espaces
            naturels sensibles, réserve naturelle, parc naturel, natura 2000, déchet*, zéro déchet,
            tri sélectif, tri des déchets, recycl*, compost*, ressourcerie*, recyclerie*,
            déchetterie*, déchèterie*, encombrants, ordures ménagères, gaspillage, climat,
            climatique*, transition écologique, transition énergétique, énergies renouvelables,
            énergie renouvelable, photovoltaï*, panneaux solaires, éolien*, rénovation énergétique,
            sobriété, développement durable, écolog*, éco geste*, écogeste*, arbre*, plantation*,
            haie*, forêt*, forestier*, forestière*, espaces verts, jardin partagé, jardins partagés,
            pollinisateur*, abeille*, faune, flore, zones humides, cours d'eau, ressource en eau,
            restrictions d'eau, économies d'eau, qualité de l'eau, qualité de l'air, pollution*,
            pesticide*, zéro phyto, nettoyage de la nature, ramassage des déchets, cleanup
            """
        ),
        negatives=terms(
            """
            arbre de noël, arbres de noël, arbre généalogique, haie d'honneur, climat social, climat
            de confiance
            """
        ),
    ),
    ThemeSpec(
        slug="culture",
        bit=5,
        name="Culture",
        name_en="Culture",
        description=(
            "Spectacles et concerts, festivals, expositions, musées, médiathèques et lecture, "
            "patrimoine culturel, pratiques artistiques."
        ),
        terms=terms(
            """
            culture*, culturel*, concert, concerts, festival*, exposition*, expo, musée*,
            médiathèque*, bibliothèque*, lecture publique, heure du conte, spectacle*, théâtre*,
            cinéma*, ciné, danse*, musique*, musicien*, fête de la musique, fdlm, journées
            européennes du patrimoine, journées du patrimoine, jep, nuit des musées, artiste*,
            artistique*, arts, art contemporain, street art, œuvre, œuvres, œuvre d'art,
            vernissage*, résidence d'artistes, conservatoire*, école de musique, orchestre*,
            chorale*, opéra, opéras, littérature, salon du livre, livre, livres, dédicace*,
            écrivain*, poésie, archives, programmation, saison culturelle, billetterie, scène*,
            fresque*, carnaval*, photographie*, patrimoine immatériel
            """
        ),
        negatives=terms(
            """
            mise en œuvre, main d'œuvre, mettre en œuvre, mis en œuvre
            """
        ),
    ),
    ThemeSpec(
        slug="sport",
        bit=6,
        name="Sport",
        name_en="Sport",
        description=(
            "Clubs et associations sportives, compétitions et victoires, équipements sportifs, "
            "grands événements (Tour de France, Jeux), sport pour tous."
        ),
        terms=terms(
            """
            sport*, handisport, gymnase*, stade*, city stade, piscine*, skatepark, complexe sportif,
            football, foot, rugby, basket*, handball, volley*, tennis, judo, natation, athlétisme,
            athlète*, cyclisme, course à pied, course cycliste, trail*, marathon*, tour de france,
            le tour passe, passage du tour, étape du tour, grande boucle, jeux olympiques, jeux
            paralympiques, olympi*, paralympi*, terre de jeux, terre 2 jeux, paris 2024, champion*,
            compétition*, match, matchs, victoire*, médaille*, podium*, licenciés, licenciées,
            équipe de france, coupe du monde, coupe de france, escalade, canoë*, kayak*, aviron,
            pétanque, boxe, escrime, équitation, golf, ski, pass sport, forum des associations
            """
        ),
        negatives=terms(
            """
            à ce stade, au stade de, victoire de 1945, victoire du 8 mai, fête de la victoire,
            victoire des alliés
            """
        ),
    ),
    ThemeSpec(
        slug="vie-institutionnelle",
        bit=7,
        name="Vie institutionnelle",
        name_en="Institutional life",
        description=(
            "Conseils et séances, budget et délibérations, élus et élections, cérémonies et "
            "commémorations, vœux, démocratie participative, services publics et démarches."
        ),
        terms=terms(
            """
            conseil municipal, conseil communautaire, commission permanente, assemblée
            départementale, assemblée plénière, séance plénière, session plénière, plénière*, séance
            publique, séance du conseil, ordre du jour, délibération*, compte rendu, procès verbal,
            budget*, élus, élue, élues, maire, adjoint au maire, adjointe au maire, président du
            département, présidente du département, présidence, préfet, préfète, sous préfet,
            préfecture, ministre*, ministère*, député*, sénat*, élection*, électoral*, listes
            électorales, scrutin*, bureau de vote, bureaux de vote, démocratie, démocratie
            participative, concertation*, consultation publique, enquête publique, réunion publique,
            réunions publiques, vœux, cérémonie*, commémoration*, armistice, 11 novembre, 8 mai, 14
            juillet, hommage*, monument aux morts, mairie*, hôtel de ville, hôtel du département,
            intercommunalité, communauté de communes, état civil, recensement*, services publics,
            france services, démarches en ligne, carte d'identité, passeport*, jumelage*, inaugur*,
            rapport d'activité, conférence de presse
            """
        ),
    ),
    ThemeSpec(
        slug="emploi-economie",
        bit=8,
        name="Emploi et économie",
        name_en="Jobs and economy",
        description=(
            "Recrutements et offres d'emploi, stages et alternance, formation, entreprises, "
            "commerce et artisanat, agriculture, développement économique."
        ),
        terms=terms(
            """
            emploi*, recrut*, on recrute, offre d'emploi, offres d'emploi, poste à pourvoir, postes
            à pourvoir, candidature*, candidatez, postulez, cdd, cdi, h/f, stage, stages,
            stagiaire*, alternance, apprenti*, job dating, job d'été, jobs d'été, forum de l'emploi,
            salon de l'emploi, fonction publique, métier*, formation professionnelle, france
            travail, chômage, insertion professionnelle, économie, économique*, développement
            économique, entreprise*, entrepreneur*, artisan*, commerce*, commerçant*, zone
            d'activités, zones d'activités, industri*, usine*, agricult*, agricole*, éleveur*,
            exploitation agricole, filière*, circuit court, circuits courts, tiers lieu*, coworking,
            start up*, startup*, innovation, chambre de commerce, cci, chambre des métiers, chambre
            d'agriculture, savoir faire
            """
        ),
        negatives=terms(
            """
            emploi du temps, mode d'emploi, emplois du temps
            """
        ),
    ),
    ThemeSpec(
        slug="securite-prevention",
        bit=9,
        name="Sécurité et prévention",
        name_en="Safety and prevention",
        description=(
            "Prévention des risques, sécurité civile et routière, pompiers et secours, incendies, "
            "arnaques et cybersécurité, police et gendarmerie, addictions."
        ),
        terms=terms(
            """
            prévention, prévenir, sécurité, sécurité civile, sécurité routière, pompier*, sapeurs
            pompiers, sdis, premiers secours, gestes qui sauvent, défibrillateur*, incendie*, feu de
            forêt, feux de forêt, risque incendie, brûlage*, débroussaill*, arnaque*, escroquerie*,
            fraude*, démarchage*, faux agent*, cybersécurité, cybermalveillance, hameçonnage,
            phishing, cambriolage*, tranquillité vacances, police municipale, police, gendarmerie,
            gendarme*, vidéoprotection, noyade*, risques majeurs, risque majeur, dicrim, plan
            communal de sauvegarde, exercice d'évacuation, sirène*, monoxyde de carbone, addiction*,
            stupéfiant*, harcèlement, violences, moustique tigre, frelon asiatique, frelons
            asiatiques
            """
        ),
        negatives=terms(
            """
            en toute sécurité, sécurité sociale
            """
        ),
    ),
    ThemeSpec(
        slug="crise-alertes",
        bit=10,
        name="Crise et alertes",
        name_en="Crisis and alerts",
        description=(
            "Vigilances météo, crues et inondations, canicule, tempêtes et orages, neige et "
            "verglas, sécheresse, épidémies et confinement, coupures, évacuations, cellules de "
            "crise."
        ),
        terms=terms(
            """
            vigilance*, alerte*, fr alert, crue, crues, décrue, inondation*, inondé*, montée des
            eaux, submersion marine, orage*, tempête*, vents violents, rafales, canicule, fortes
            chaleurs, vague de chaleur, épisode cévenol, pluie inondation, épisode neigeux, chutes
            de neige, verglas, grand froid, sécheresse, coupure de courant, coupures de courant,
            coupure d'eau, coupures d'eau, confinement, déconfinement, couvre feu, restez chez vous,
            covid*, coronavirus, épidémie*, pandémie*, gestes barrières, port du masque, attestation
            de déplacement, état d'urgence, crise, crise sanitaire, cellule de crise, orsec,
            évacuation*, évacué*, sinistré*, catastrophe naturelle, catastrophes naturelles,
            séisme*, glissement de terrain, pic de pollution, épisode de pollution, météo france
            """
        ),
    ),
)

THEMES_BY_SLUG = {theme.slug: theme for theme in THEMES}


def default_entries() -> list[tuple[int, tuple[str, ...], tuple[str, ...]]]:
    """The default lexicon as `themes.lexicon_compile` takes it."""
    return [(theme.bit, theme.terms, theme.negatives) for theme in THEMES]
