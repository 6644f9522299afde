#include "server/openapi_spec.h"

namespace shoal {

// Kept as one literal so the served document is exactly what this file says.
const std::string& OpenApiJson() {
  static const std::string kSpec = R"SPEC({
 "openapi": "3.0.3",
 "info": {
  "title": "Shoal",
  "version": "v1",
  "description": "Community operations engine: events in, actions out, analytics and dashboard reads. Every write is authenticated; a token scoped to communities sees and changes only those. Errors are JSON objects with an \"error\" field."
 },
 "security": [
  {
   "bearer": []
  },
  {
   "session": []
  }
 ],
 "components": {
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "an API token (shoal token new)"
   },
   "session": {
    "type": "apiKey",
    "in": "cookie",
    "name": "shoal_session",
    "description": "from POST /v1/login; state-changing requests also send X-CSRF-Token"
   }
  },
  "responses": {
   "Error": {
    "description": "refused, with the reason",
    "content": {
     "application/json": {
      "schema": {
       "type": "object",
       "properties": {
        "error": {
         "type": "string"
        }
       },
       "required": [
        "error"
       ]
      }
     }
    }
   }
  }
 },
 "paths": {
  "/healthz": {
   "get": {
    "summary": "Liveness and the last durable event sequence",
    "tags": [
     "server"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "503": {
      "$ref": "#/components/responses/Error"
     }
    },
    "security": []
   }
  },
  "/metrics": {
   "get": {
    "summary": "Prometheus metrics: events in and rejected, actions out, outbox depth, deliveries per platform, latencies",
    "tags": [
     "server"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/v1/openapi.json": {
   "get": {
    "summary": "This document",
    "tags": [
     "server"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     }
    },
    "security": []
   }
  },
  "/v1/login": {
   "post": {
    "summary": "Log in with an API token: sets the shoal_session cookie (HttpOnly, SameSite=Strict) and answers the CSRF token",
    "tags": [
     "session"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     }
    },
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object"
       }
      }
     }
    }
   }
  },
  "/v1/logout": {
   "post": {
    "summary": "End the session",
    "tags": [
     "session"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/v1/session": {
   "get": {
    "summary": "Who the caller is: token name, role, communities",
    "tags": [
     "session"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/v1/events": {
   "post": {
    "summary": "Submit events (one object or JSONL); each line is answered accepted or refused with the field and reason, once durable",
    "tags": [
     "events"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     },
     "413": {
      "$ref": "#/components/responses/Error"
     },
     "503": {
      "$ref": "#/components/responses/Error"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "description": "one canonical event (DESIGN.md)"
       }
      },
      "application/x-ndjson": {
       "schema": {
        "type": "string",
        "description": "canonical events, one JSON object a line"
       }
      }
     }
    },
    "description": "Needs role operator or higher."
   }
  },
  "/v1/audit": {
   "get": {
    "summary": "The audit log: who changed what, and refusals",
    "tags": [
     "server"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    },
    "description": "Needs role admin or higher."
   }
  },
  "/v1/overview": {
   "get": {
    "summary": "Per community: groups, members, messages today and 7 days, speaker share, dying groups, lifecycle stages",
    "tags": [
     "dashboard"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "community",
      "in": "query",
      "required": false,
      "description": "limit the answer to one of the caller's communities",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/groups": {
   "get": {
    "summary": "The group health table, paginated",
    "tags": [
     "dashboard"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "community",
      "in": "query",
      "required": false,
      "description": "limit the answer to one of the caller's communities",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "offset",
      "in": "query",
      "required": false,
      "description": "first row",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "rows, 1..1000",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/groups/{id}": {
   "get": {
    "summary": "One group's health and daily series",
    "tags": [
     "dashboard"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/groups/{id}/stats": {
   "get": {
    "summary": "Every feature's numbers for one group, from incremental state",
    "tags": [
     "dashboard"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/leaderboards": {
   "get": {
    "summary": "Points boards per community and group",
    "tags": [
     "dashboard"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "community",
      "in": "query",
      "required": false,
      "description": "limit the answer to one of the caller's communities",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/growth": {
   "get": {
    "summary": "Funnels and conversions by goal, channel and campaign",
    "tags": [
     "dashboard"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "community",
      "in": "query",
      "required": false,
      "description": "limit the answer to one of the caller's communities",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/members/{id}": {
   "get": {
    "summary": "A member's CRM profile: groups, channel, inviter, level and why, tags, conversions",
    "tags": [
     "dashboard"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/plans/calendar": {
   "get": {
    "summary": "Every planned post between two dates (at most 62 days), with targets and rendered text",
    "tags": [
     "plans"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "community",
      "in": "query",
      "required": false,
      "description": "limit the answer to one of the caller's communities",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "from",
      "in": "query",
      "required": false,
      "description": "YYYY-MM-DD",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "to",
      "in": "query",
      "required": false,
      "description": "YYYY-MM-DD",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/moderation/queue": {
   "get": {
    "summary": "Recent moderation decisions with their evidence, newest first",
    "tags": [
     "moderation"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "community",
      "in": "query",
      "required": false,
      "description": "limit the answer to one of the caller's communities",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/moderation/{decision}/undo": {
   "post": {
    "summary": "Mark a decision a false positive and lift its ban (logged as a staff /ham command)",
    "tags": [
     "moderation"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/Error"
     },
     "409": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "decision",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "description": "Needs role operator or higher."
   }
  },
  "/v1/moderation/{decision}/label": {
   "post": {
    "summary": "Label a decision spam or ham, for training",
    "tags": [
     "moderation"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/Error"
     },
     "409": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "decision",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object"
       }
      }
     }
    },
    "description": "Needs role operator or higher."
   }
  },
  "/v1/invites": {
   "post": {
    "summary": "Create an invite code at run time (logged as an invite event)",
    "tags": [
     "growth"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object"
       }
      }
     }
    },
    "description": "Needs role operator or higher."
   }
  },
  "/v1/invites/{code}": {
   "get": {
    "summary": "An invite code: channel, group, link, uses, expiry",
    "tags": [
     "growth"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/invites/{code}/qr.svg": {
   "get": {
    "summary": "The code's link as an SVG QR code",
    "tags": [
     "growth"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/Error"
     },
     "410": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/invites/{code}/qr.png": {
   "get": {
    "summary": "The code's link as a PNG QR code",
    "tags": [
     "growth"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/Error"
     },
     "410": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/livecodes/{code}": {
   "get": {
    "summary": "The group a live code sends a newcomer to now, and the pool's fill levels",
    "tags": [
     "growth"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     },
     "404": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/outbox/dead": {
   "get": {
    "summary": "Dead letters: actions that will not be delivered, with the reason",
    "tags": [
     "outbox"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    },
    "description": "Needs role admin or higher."
   }
  },
  "/v1/outbox/tasks": {
   "get": {
    "summary": "Work for people: assisted sends, unsupported actions, alerts",
    "tags": [
     "outbox"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    },
    "description": "Needs role operator or higher."
   }
  },
  "/v1/outbox/recent": {
   "get": {
    "summary": "The latest delivery outcomes",
    "tags": [
     "outbox"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     }
    },
    "description": "Needs role admin or higher."
   }
  },
  "/v1/live": {
   "get": {
    "summary": "WebSocket upgrade: a live feed of accepted events and emitted actions, one JSON line each",
    "tags": [
     "dashboard"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "403": {
      "$ref": "#/components/responses/Error"
     },
     "429": {
      "$ref": "#/components/responses/Error"
     },
     "426": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "community",
      "in": "query",
      "required": false,
      "description": "limit the answer to one of the caller's communities",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/v1/adapters/telegram/webhook": {
   "post": {
    "summary": "Telegram updates (adapters.telegram in webhook mode), authenticated by X-Telegram-Bot-Api-Secret-Token",
    "tags": [
     "adapters"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "503": {
      "$ref": "#/components/responses/Error"
     }
    },
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object"
       }
      }
     }
    }
   }
  },
  "/v1/adapters/wecom/callback": {
   "get": {
    "summary": "WeCom URL verification (echostr)",
    "tags": [
     "adapters"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     }
    },
    "security": [],
    "parameters": [
     {
      "name": "msg_signature",
      "in": "query",
      "required": false,
      "description": "signature",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "timestamp",
      "in": "query",
      "required": false,
      "description": "seconds",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "nonce",
      "in": "query",
      "required": false,
      "description": "random",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "echostr",
      "in": "query",
      "required": false,
      "description": "encrypted echo",
      "schema": {
       "type": "string"
      }
     }
    ]
   },
   "post": {
    "summary": "WeCom encrypted callback events, authenticated by msg_signature",
    "tags": [
     "adapters"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Error"
     },
     "401": {
      "$ref": "#/components/responses/Error"
     },
     "503": {
      "$ref": "#/components/responses/Error"
     }
    },
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "text/xml": {
       "schema": {
        "type": "string"
       }
      }
     }
    }
   }
  }
 }
})SPEC";
  return kSpec;
}

}  // namespace shoal
