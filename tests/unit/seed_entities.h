/*
 * seed_entities.h — the golden entities of the seed scrape (Putin's call
 * with Modi after the Pahalgam attack), shared by the tagger's and the
 * enricher's unit tests: each must find all of them, with these types.
 */
#ifndef KH_SEED_ENTITIES_H
#define KH_SEED_ENTITIES_H

#include "khabar.h"

#include <stddef.h>

typedef struct kh_test_entity {
    const char *name;
    kh_entity_type type;
} kh_test_entity;

/* The table and, in *n, its length. A function, so that a test that does
 * not use it gets no unused-variable warning. */
static inline const kh_test_entity *kh_test_seed_entities(size_t *n) {
    static const kh_test_entity w[] = {
        {"व्लादिमीर पुतिन", KH_ENTITY_PERSON},
        {"नरेंद्र मोदी", KH_ENTITY_PERSON},
        {"रणधीर जायसवाल", KH_ENTITY_PERSON},
        {"जम्मू-कश्मीर", KH_ENTITY_LOCATION},
        {"पहलगाम", KH_ENTITY_LOCATION},
        {"भारत", KH_ENTITY_LOCATION},
        {"रूस", KH_ENTITY_LOCATION},
        {"पाकिस्तान", KH_ENTITY_LOCATION},
        {"TASS", KH_ENTITY_ORGANIZATION},
        {"विदेश मंत्रालय", KH_ENTITY_ORGANIZATION},
    };
    *n = sizeof w / sizeof *w;
    return w;
}

#endif /* KH_SEED_ENTITIES_H */
