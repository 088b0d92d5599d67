"""Small widgets shared by the studio's panels."""
